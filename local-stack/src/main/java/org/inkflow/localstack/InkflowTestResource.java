package org.inkflow.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a service's {@code @QuarkusTest} a real Kafka broker and S3 server (see {@link TestStack}) and tears
 * them down after the test class, with authentication on ({@link TestCredentials}). Use with {@code @QuarkusTestResource(InkflowTestResource.class)}.
 */
public class InkflowTestResource implements QuarkusTestResourceLifecycleManager {

    private TestStack stack;

    @Override
    public Map<String, String> start() {
        stack = startStack();
        Map<String, String> props = new HashMap<>(stack.quarkusProperties());
        // A fresh stack per test class: topics are created as they are used.
        props.put("inkflow.kafka.create-topics", "true");
        // Authentication is on: the service trusts this JVM's test keys and JWT issuer, and RestAssured calls
        // are an operator's unless a test says otherwise (DefaultCredentialsFilter).
        props.putAll(TestCredentials.get().quarkusProperties());
        DefaultCredentialsFilter.install();
        return props;
    }

    /** The stack to start; {@link SaslSslTestResource} starts a secured one. */
    protected TestStack startStack() {
        return TestStack.start();
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, new TestInjector.MatchesType(TestStack.class));
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
    }
}
