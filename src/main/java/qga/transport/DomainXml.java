package qga.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The guest-agent channels in libvirt's description of a domain (virsh dumpxml). */
public final class DomainXml {
    /**
     * One virtio channel named org.qemu.guest_agent.N: its socket path (type unix) or its pty device
     * (type pty, pty true), null for other types, and libvirt's state.
     */
    public record AgentChannel(String name, String path, String state, boolean pty) {
        /** A unix channel, or one without a path. */
        public AgentChannel(String name, String path, String state) {
            this(name, path, state, false);
        }

        public boolean isConnected() {
            return !"disconnected".equals(state);
        }
    }

    /** A domain: running or not (the live XML carries an id), and its agent channels. */
    public record Domain(String name, boolean running, List<AgentChannel> agentChannels) {
        public AgentChannel channel(String channelName) {
            return agentChannels.stream().filter(c -> c.name().equals(channelName)).findFirst().orElse(null);
        }
    }

    private DomainXml() {
    }

    public static Domain parseDomain(byte[] xml) throws IOException {
        Document document = parse(xml);
        Element root = document.getDocumentElement();
        Element name = first(root, "name");
        return new Domain(name == null ? "" : name.getTextContent().strip(), !root.getAttribute("id").isEmpty(),
                agentChannels(document));
    }

    private static List<AgentChannel> agentChannels(Document document) {
        List<AgentChannel> channels = new ArrayList<>();
        NodeList list = document.getElementsByTagName("channel");
        for (int i = 0; i < list.getLength(); i++) {
            Element channel = (Element) list.item(i);
            Element target = first(channel, "target");
            if (target == null || !target.getAttribute("name").startsWith("org.qemu.guest_agent.")) {
                continue;
            }
            Element source = first(channel, "source");
            String type = channel.getAttribute("type");
            boolean pty = "pty".equals(type);
            // the live XML names a pty both as the source path and as the channel's tty attribute
            String path = source != null && !source.getAttribute("path").isEmpty() ? source.getAttribute("path")
                    : pty && !channel.getAttribute("tty").isEmpty() ? channel.getAttribute("tty") : null;
            String state = target.getAttribute("state");
            channels.add(new AgentChannel(target.getAttribute("name"), "unix".equals(type) || pty ? path : null,
                    state.isEmpty() ? null : state, pty));
        }
        return channels;
    }

    private static Element first(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    /** A parser that refuses DTDs and external entities: the XML comes from another program. */
    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read the domain XML: " + e.getMessage(), e);
        }
    }
}
