package org.inkflow.cleaner.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.inkflow.cleaner.filters.FilterChain;
import org.inkflow.cleaner.lineart.LineArtMode;
import org.inkflow.cleaner.lineart.XDoGExtractor;
import org.inkflow.cleaner.normalize.NormalizeMode;
import org.inkflow.cleaner.normalize.Normalizer;
import org.inkflow.cleaner.samples.ImagePipeline;
import org.inkflow.cleaner.samples.SampleCatalog;
import org.inkflow.cleaner.split.SplitAssigner;
import org.inkflow.common.image.SafeImageDecoder;

/** Builds the plain-Java pipeline pieces from {@link CleanerConfig}, failing at start on a bad setting. */
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
        return new ImagePipeline(decoder, FilterChain.from(config.filters(), catalog.duplicates()),
                new Normalizer(config.imageSize(), NormalizeMode.parse(config.normalize())),
                LineArtMode.parse(config.lineArt()), xdog);
    }

    @Produces
    @Singleton
    SplitAssigner splits(CleanerConfig config) {
        return new SplitAssigner(config.split().train(), config.split().validation(), config.split().test());
    }
}
