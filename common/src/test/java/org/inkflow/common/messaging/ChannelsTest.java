package org.inkflow.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.inkflow.common.events.Topics;
import org.junit.jupiter.api.Test;

class ChannelsTest {

    @Test
    void everyChannelIsItsTopicWithoutThePrefix() {
        assertThat(Channels.ALL).hasSameSizeAs(Topics.ALL);
        for (int i = 0; i < Topics.ALL.size(); i++) {
            String topic = Topics.ALL.get(i);
            assertThat(Channels.ALL.get(i)).as(topic).isEqualTo(Channels.forTopic(topic))
                    .isEqualTo(topic.substring("inkflow.".length()).replace('.', '-'));
        }
        assertThat(Channels.IMAGES_RAW).isEqualTo("images-raw");
        assertThat(Channels.MODELS_PROMOTIONS_OUT).isEqualTo("models-promotions-out");
        assertThat(Channels.MODELS_CANDIDATES_OUT).isEqualTo(Channels.forTopic(Topics.MODELS_CANDIDATES) + "-out");
    }

    @Test
    void aTopicOutsideInkflowHasNoChannel() {
        assertThatThrownBy(() -> Channels.forTopic("other.topic")).hasMessageContaining("inkflow.");
    }
}
