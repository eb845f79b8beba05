package org.inkflow.crawler.sources;

/** An image a source made itself (PNG bytes), with its paired line art (PNG, or null). */
public record RenderedImage(byte[] png, int width, int height, byte[] lineArtPng) {
}
