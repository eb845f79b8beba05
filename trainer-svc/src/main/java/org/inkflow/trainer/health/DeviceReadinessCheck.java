package org.inkflow.trainer.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.inkflow.model.training.Devices;
import org.inkflow.trainer.config.TrainerConfig;

/**
 * Ready only when the device the trainer was asked for is there: a pod scheduled for a GPU whose TensorFlow
 * build or driver cannot see one should not take training runs silently on the CPU.
 */
@Readiness
@ApplicationScoped
public class DeviceReadinessCheck implements HealthCheck {

    private final TrainerConfig config;
    private volatile Boolean gpu;

    public DeviceReadinessCheck(TrainerConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        if (gpu == null) {
            gpu = Devices.gpuAvailable(); // the devices do not change while the process runs
        }
        var response = HealthCheckResponse.named("device")
                .withData("requested", config.device().name().toLowerCase())
                .withData("found", gpu ? "gpu" : "cpu");
        if (config.device() == TrainerConfig.Device.GPU && !gpu) {
            return response.down().withData("error", "inkflow.trainer.device=gpu but TensorFlow sees no GPU: run the"
                    + " gpu image (built with -Pgpu) on a node with CUDA 12 and cuDNN 9, or set inkflow.trainer.device=auto").build();
        }
        return response.up().build();
    }
}
