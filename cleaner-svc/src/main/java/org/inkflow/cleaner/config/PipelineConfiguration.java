package org.inkflow.cleaner.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.inkflow.cleaner.datasets.AutoDatasetPolicy;
import org.inkflow.cleaner.datasets.AutoDatasetTrigger;
import org.inkflow.cleaner.datasets.DatasetBuilder;
import org.inkflow.cleaner.datasets.DatasetRequests;
import org.inkflow.cleaner.datasets.SampleArrivals;
import org.inkflow.cleaner.dedup.ClaimLog;
import org.inkflow.cleaner.filters.RejectionRule;
import org.inkflow.cleaner.filters.FilterChain;
import org.inkflow.cleaner.filters.FilterSettings;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.lineart.XDoGExtractor;
import org.inkflow.cleaner.messaging.CleanerEvents;
import org.inkflow.cleaner.messaging.SampleHashLog;
import org.inkflow.cleaner.metrics.CleanerMetrics;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.samples.ImagePipeline;
import org.inkflow.cleaner.samples.SampleCatalog;
import org.inkflow.cleaner.samples.SampleService;
import org.inkflow.cleaner.split.SplitAssigner;
import org.inkflow.common.artifacts.AttemptCap;
import org.inkflow.common.image.SafeImageDecoder;
import org.inkflow.common.storage.ObjectStore;

/**
 * All of the cleaner's wiring: builds the plain-Java domain objects from {@link CleanerConfig} (failing at start on a
 * bad setting), hands them the messaging adapters as their ports, starts the catalog load and the automatic
 * datasets at start and stops their threads at shutdown.
 */
@ApplicationScoped
public class PipelineConfiguration {

    @Produces
    @Singleton
    SafeImageDecoder decoder(CleanerConfig config) {
        return new SafeImageDecoder(config.maxPixels(), config.maxBytes(), "inkflow.cleaner.max-pixels");
    }

    @Produces
    @Singleton
    XDoGExtractor xdog(CleanerConfig config) {
        CleanerConfig.Xdog x = config.xdog();
        return new XDoGExtractor(x.sigma(), x.k(), x.tau(), x.epsilon(), x.phi());
    }

    @Produces
    @Singleton
    ImagePipeline pipeline(CleanerConfig config, SafeImageDecoder decoder, XDoGExtractor xdog, SampleCatalog catalog) {
        return new ImagePipeline(decoder, FilterChain.from(filterSettings(config.filters()), catalog.duplicates()),
                new Normalizer(config.imageSize(), NormalizeMode.parse(config.normalize())),
                LineArtMode.parse(config.lineArt()), xdog);
    }

    static FilterSettings filterSettings(CleanerConfig.Filters f) {
        return new FilterSettings(f.disabled().orElse(null), f.minSide(), f.maxAspectRatio(), f.grayscaleMaxChroma(),
                f.coloredPixelChroma(), f.minColorFraction(), f.edgeGradient(), f.maxEdgeDensity(),
                f.duplicateMaxDistance(), f.duplicateMaxColorDistance(), f.blockedTags(), f.blockedRatings());
    }

    @Produces
    @Singleton
    SplitAssigner splits(CleanerConfig config) {
        return new SplitAssigner(config.split().train(), config.split().validation(), config.split().test());
    }

    @Produces
    @Singleton
    SampleCatalog catalog(ObjectStore store, CleanerConfig config) {
        return new SampleCatalog(store, config.datasets().readThreads());
    }

    void closeCatalog(@Disposes SampleCatalog catalog) {
        catalog.close();
    }

    /**
     * The near-duplicate decision over the replicas' shared hash log (ADR 0034), with the filter's limits (every
     * replica must have the same); its winners join the catalog's index, which the near-duplicate rule checks first.
     */
    @Produces
    @Singleton
    ClaimLog claimLog(CleanerConfig config, SampleCatalog catalog) {
        FilterSettings settings = filterSettings(config.filters());
        boolean off = settings.disabled().contains(RejectionRule.NEAR_DUPLICATE.id());
        return new ClaimLog(off ? -1 : settings.duplicateMaxDistance(), settings.duplicateMaxColorDistance(),
                catalog.duplicates()::add);
    }

    @Produces
    @Singleton
    SampleService samples(ObjectStore store, SampleCatalog catalog, ImagePipeline pipeline, SplitAssigner splits,
                          CleanerEvents events, SampleHashLog claims, CleanerMetrics metrics, CleanerConfig config) {
        return new SampleService(store, catalog, pipeline, splits, events, claims, metrics, config.maxBytes());
    }

    @Produces
    @Singleton
    DatasetBuilder datasets(ObjectStore store, SampleCatalog catalog, ImagePipeline pipeline, SafeImageDecoder decoder,
                            CleanerEvents events, CleanerMetrics metrics, CleanerConfig config) {
        return new DatasetBuilder(store, catalog, pipeline, decoder, events, metrics,
                config.datasets().previewSamples(), config.datasets().buildTimeout(), config.datasets().stopTimeout(),
                new AttemptCap(config.datasets().maxAttempts()));
    }

    @Produces
    @Singleton
    DatasetRequests datasetRequests(DatasetBuilder builder, CleanerEvents events, CleanerConfig config) {
        return new DatasetRequests(builder, events, config.datasets().requestWait());
    }

    void closeDatasets(@Disposes DatasetBuilder builder) {
        builder.close();
    }

    @Produces
    @Singleton
    AutoDatasetTrigger autoDataset(DatasetBuilder builder, DatasetRequests requests, SampleCatalog catalog,
                                   SampleArrivals arrivals, SampleHashLog hashLog, CleanerConfig config) {
        CleanerConfig.AutoDataset auto = config.autoDataset();
        AutoDatasetPolicy.Settings settings = new AutoDatasetPolicy.Settings(auto.enabled(), auto.minNewSamples(),
                auto.quietPeriod(), auto.maxDelay());
        CleanerConfig.Splits s = config.split();
        return new AutoDatasetTrigger(builder, requests, catalog, settings, AutoDatasetTrigger.spec(auto.name(),
                auto.imageSize().orElse(config.imageSize()), config.normalize(), auto.lineArt(), s.train(),
                s.validation(), s.test()), arrivals, hashLog::caughtUp);
    }

    /** When accepted samples arrived, on any replica: the hash log's reader tells, the automatic dataset reads (ADR 0039). */
    @Produces
    @Singleton
    SampleArrivals arrivals() {
        return new SampleArrivals();
    }

    void closeAutoDataset(@Disposes AutoDatasetTrigger trigger) {
        trigger.close();
    }

    /** The catalog loads from S3 and the automatic datasets check from the start, not from their first use. */
    void onStart(@Observes StartupEvent event, SampleCatalog catalog, AutoDatasetTrigger trigger) {
        catalog.start();
        trigger.start();
    }
}
