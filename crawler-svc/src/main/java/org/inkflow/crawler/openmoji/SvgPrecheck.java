package org.inkflow.crawler.openmoji;

import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.inkflow.common.image.ImageDecodeException;
import org.inkflow.common.image.ImageHeader;
import org.inkflow.common.image.SafeImageDecoder;

/**
 * Reads an SVG once with a streaming XML parser (no DTD processing, no external entities) before Batik sees it, and
 * refuses it when the document declares a DTD anywhere (in any encoding the XML declaration names, not only in its
 * first bytes), uses an entity reference, is not well-formed, or embeds a {@code data:} image whose header says it
 * is larger than the pixel limit. Batik then never resolves a DTD and never decodes a pixel bomb.
 */
final class SvgPrecheck {

    private static final XMLInputFactory FACTORY = factory();

    private final SafeImageDecoder images;

    SvgPrecheck(SafeImageDecoder images) {
        this.images = images;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    void check(byte[] svg) throws SvgRasterizer.UnsafeSvgException {
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(svg));
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new SvgRasterizer.UnsafeSvgException("the SVG declares a DTD; it is refused so the renderer"
                            + " never resolves external files or expands entities");
                }
                if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new SvgRasterizer.UnsafeSvgException("the SVG uses the entity &" + reader.getLocalName()
                            + "; (no DTD entities are allowed)");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    for (int i = 0; i < reader.getAttributeCount(); i++) {
                        if ("href".equals(reader.getAttributeLocalName(i))) {
                            checkEmbedded(reader.getAttributeValue(i));
                        }
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new SvgRasterizer.UnsafeSvgException("the SVG is not well-formed XML: " + e.getMessage());
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the byte array
                }
            }
        }
    }

    /** A {@code data:} URI of a raster image: its header's size must be within the pixel limit. */
    private void checkEmbedded(String href) throws SvgRasterizer.UnsafeSvgException {
        String value = href.trim();
        if (!value.regionMatches(true, 0, "data:", 0, 5)) {
            return;
        }
        int comma = value.indexOf(',');
        String meta = comma < 0 ? "" : value.substring(5, comma).toLowerCase(Locale.ROOT);
        if (comma < 0 || !meta.endsWith(";base64") || meta.startsWith("image/svg")) {
            throw new SvgRasterizer.UnsafeSvgException("an embedded data: URI must be a base64 raster image; got '"
                    + value.substring(0, Math.min(40, value.length())) + "'");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.substring(comma + 1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new SvgRasterizer.UnsafeSvgException("an embedded image is not valid base64: " + e.getMessage());
        }
        try {
            ImageHeader header = images.readHeader(bytes);
            if (header.pixels() > images.maxPixels()) {
                throw new SvgRasterizer.UnsafeSvgException("an embedded image is " + header.width() + "x"
                        + header.height() + " pixels, above the limit of " + images.maxPixels());
            }
        } catch (ImageDecodeException e) {
            throw new SvgRasterizer.UnsafeSvgException("an embedded image is refused: " + e.getMessage());
        }
    }
}
