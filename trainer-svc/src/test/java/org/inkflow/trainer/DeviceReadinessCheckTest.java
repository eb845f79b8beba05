package org.inkflow.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.inkflow.model.training.Devices;
import org.inkflow.trainer.config.TrainerConfig;
import org.inkflow.trainer.health.DeviceReadinessCheck;
import org.junit.jupiter.api.Test;

class DeviceReadinessCheckTest {

    static TrainerConfig asking(TrainerConfig.Device device) {
        return (TrainerConfig) Proxy.newProxyInstance(TrainerConfig.class.getClassLoader(), new Class<?>[] {TrainerConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("device")) {
                        return device;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void requiringAGpuThatIsNotThereIsNotReadyAndSaysWhy() {
        boolean gpu = Devices.gpuAvailable();
        HealthCheckResponse required = new DeviceReadinessCheck(asking(TrainerConfig.Device.GPU)).call();
        HealthCheckResponse auto = new DeviceReadinessCheck(asking(TrainerConfig.Device.AUTO)).call();
        assertThat(auto.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(required.getStatus()).isEqualTo(gpu ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN);
        if (!gpu) {
            assertThat(required.getData().orElseThrow().get("error").toString()).contains("TensorFlow sees no GPU");
        }
    }
}
