package org.inkflow.e2e;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.inkflow.common.image.ImageArrays;
import org.inkflow.common.storage.ObjectStore;
import org.inkflow.localstack.S3ProxyServer;

/**
 * {@code ./inkflow demo} and {@code ./inkflow up}: starts the platform as separate processes and, for the demo,
 * starts a crawl of OpenMoji and watches the services' event chain train, bless and serve a model by itself (the
 * options become the services' continuous-training settings), then keeps serving until stopped.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("inkflow.root", ".")).toAbsolutePath().normalize();
        boolean pipeline = true;
        Integer images = null;
        Integer size = null;
        Integer steps = null;
        DemoRecipe recipe = null;
        String data = null;
        int replicas = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "up" -> pipeline = false;
                case "demo" -> pipeline = true;
                case "--images" -> images = positive(args, ++i, "--images");
                case "--size" -> {
                    size = positive(args, ++i, "--size");
                    if (size != 64 && size != 128) {
                        usage("--size must be 64 or 128");
                    }
                }
                case "--steps" -> steps = positive(args, ++i, "--steps");
                case "--recipe" -> {
                    String name = value(args, ++i, "--recipe");
                    if (!DemoRecipe.NAMES.contains(name)) {
                        usage("--recipe must be one of " + DemoRecipe.NAMES);
                    }
                    recipe = DemoRecipe.named(name);
                }
                case "--data" -> data = value(args, ++i, "--data");
                case "--replicas" -> {
                    replicas = positive(args, ++i, "--replicas");
                    if (replicas > Platform.MAX_REPLICAS) {
                        usage("--replicas must be 1 to " + Platform.MAX_REPLICAS);
                    }
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        Path state = root.resolve(".inkflow");
        boolean terminal = System.console() != null;
        Map<InkflowService, Map<String, String>> extra = new EnumMap<>(InkflowService.class);
        // The demo's crawler may read from this machine (file: and 127.0.0.1 sources), nothing else private.
        // Local imports only from the data cache and the folder of --data.
        extra.put(InkflowService.CRAWLER, Map.of("INKFLOW_CRAWLER_ALLOW_PRIVATE_HOSTS", "127.0.0.1,localhost",
                "INKFLOW_CRAWLER_IMPORT_ROOTS", OpenMojiData.importRoots(data, state.resolve("cache"))));
        // The demo only starts a crawl: the services' continuous-training policies, set from the options, do the rest.
        // A recipe sets images, size, steps and hyperparameters; explicit flags override it.
        PipelineDriver.Options options = recipe == null
                ? new PipelineDriver.Options(or(images, 300), or(size, 64), or(steps, 600), null, "openmoji", "colorizer")
                : new PipelineDriver.Options(or(images, recipe.images()), or(size, recipe.size()),
                        or(steps, recipe.steps()), null, "openmoji", "colorizer", recipe.hyperparameters(),
                        recipe.trainingWait());
        Platform platform = Platform.start(new Platform.Settings(root, state, true, true, extra,
                pipeline ? options.serviceProperties() : Map.of(), System.out::println).withReplicas(replicas));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping Inkflow...");
            platform.close();
            stop.countDown();
        }, "inkflow-stop"));
        // `./inkflow dlq` finds the broker here.
        Files.writeString(state.resolve("kafka-bootstrap"), platform.kafkaBootstrapServers() + "\n");
        Files.writeString(state.resolve("ready"), "up\n");

        if (pipeline) {
            String location = OpenMojiData.locate(data, state.resolve("cache"));
            System.out.println("\nrunning the pipeline on " + OpenMojiData.CREDIT + ": " + (options.images()
                    >= DemoRecipe.ALL_IMAGES ? "all" : options.images()) + " images at " + options.size() + "x"
                    + options.size() + ", " + options.steps() + " training steps"
                    + (recipe == null ? "" : " (recipe " + recipe.name() + ": " + options.hyperparameters() + ")"));
            ObjectStore store = ObjectStore.connect(platform.s3Endpoint(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "inkflow", "us-east-1");
            PipelineDriver driver = new PipelineDriver(platform, store, System.out, terminal, state.resolve("demo-state.json"));
            PipelineDriver.Result result = driver.run(options.withData(location));
            Path out = Files.createDirectories(state.resolve("demo"));
            Files.write(out.resolve("input.png"), result.lineArt());
            Files.write(out.resolve("prediction.png"), result.prediction());
            Files.write(out.resolve("target.png"), result.target());
            Files.write(out.resolve("demo-result.png"), sideBySide(result.lineArt(), result.prediction(), result.target()));
            System.out.println("\nstage times:");
            result.stageTimes().forEach((k, v) -> System.out.printf("  %-9s %s%n", k, Progress.format(v)));
            System.out.println("\nInkflow is serving model colorizer version " + result.modelVersion() + ".");
            System.out.println("  try it:      curl -s -X POST -H \"X-API-Key: $(cat " + state.resolve(PlatformKeys.CONSUMER_FILE)
                    + ")\" -H 'Content-Type: image/png' --data-binary @" + out.resolve("input.png")
                    + " " + platform.url(InkflowService.INFERENCE, "/colorize") + " -o colored.png");
            System.out.println("  web page:    " + platform.url(InkflowService.INFERENCE, "/"));
            System.out.println("  report:      " + platform.url(InkflowService.EVALUATOR,
                    "/evaluations/colorizer/" + result.modelVersion() + "/report.html"));
            System.out.println("  picture:     " + out.resolve("demo-result.png") + " (line art | prediction | target)");
        } else {
            System.out.println("\nInkflow is up.");
        }
        for (InkflowService s : InkflowService.values()) {
            for (Platform.Replica r : platform.replicas(s)) {
                System.out.printf("  %-15s %s  (API: %s)%n", r.name(), r.url("/q/health/ready"), r.url("/q/swagger-ui"));
            }
        }
        System.out.println("  processes:   " + state.resolve(Platform.PROCESSES_FILE) + " (service, replica, port, pid)");
        System.out.println("  operator key: " + platform.keys().operator() + " (send as X-API-Key; for state-changing"
                + " calls and the page at /)");
        System.out.println("  key files:   " + state.resolve(PlatformKeys.OPERATOR_FILE) + ", "
                + state.resolve(PlatformKeys.CONSUMER_FILE) + " (inference only); mode 600, new at each start");
        System.out.println("  prometheus:  " + platform.prometheusUrl().orElse("not running (sudo apt-get install prometheus)"));
        System.out.println("  logs:        " + platform.logDir());
        System.out.println("  restarts:    " + platform.restartCounts() + " (services the supervisor restarted; "
                + state.resolve("restarts.properties") + ")");
        System.out.println("  stop with Ctrl-C or ./inkflow stop");
        stop.await();
    }

    /** Line art | prediction | target, scaled up 4x for a README picture. */
    static byte[] sideBySide(byte[]... pngs) {
        int scale = 4;
        BufferedImage[] images = new BufferedImage[pngs.length];
        int w = 0;
        int h = 0;
        for (int i = 0; i < pngs.length; i++) {
            images[i] = ImageArrays.decode(pngs[i]);
            w = Math.max(w, images[i].getWidth());
            h = Math.max(h, images[i].getHeight());
        }
        int gap = 8;
        BufferedImage out = new BufferedImage((w * scale + gap) * pngs.length - gap, h * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < images.length; i++) {
            g.drawImage(images[i], i * (w * scale + gap), 0, w * scale, h * scale, null);
        }
        g.dispose();
        return ImageArrays.encodePng(out);
    }

    private static int positive(String[] args, int i, String flag) {
        try {
            int v = Integer.parseInt(value(args, i, flag));
            if (v <= 0) {
                usage(flag + " must be positive");
            }
            return v;
        } catch (NumberFormatException e) {
            usage(flag + " needs a number");
            return 0;
        }
    }

    private static int or(Integer given, int fallback) {
        return given == null ? fallback : given;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("inkflow: " + problem);
        System.err.println("usage: ./inkflow demo [--recipe quality] [--images N] [--size 64|128] [--steps N] [--data PATH_OR_URL]"
                + " [--replicas N]"
                + " | up [--replicas N] | stop | test");
        System.exit(2);
    }

}
