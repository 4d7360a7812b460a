package io.runstore.query.mlmd;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The gRPC-web wire format of a unary call (github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md), as Envoy's grpc_web
 * filter speaks it to KFP's UI: an HTTP/1.1 POST whose body is length-prefixed frames (a flag byte, 0x00 for a message
 * and 0x80 for trailers, then a 4-byte big-endian length), binary for {@code application/grpc-web[+proto]}, base64
 * for {@code application/grpc-web-text[+proto]}; the answer is HTTP 200 with the response message frame (when the call
 * succeeded) and a trailers frame carrying {@code grpc-status} and {@code grpc-message}.
 */
public final class GrpcWeb {

    private static final byte MESSAGE = 0x00;
    private static final byte TRAILERS = (byte) 0x80;

    /** The two body encodings; {@code null} from {@link #of} for any other content type. */
    public enum Mode {
        BINARY("application/grpc-web+proto"),
        TEXT("application/grpc-web-text+proto");

        private final String responseContentType;

        Mode(String responseContentType) {
            this.responseContentType = responseContentType;
        }

        public String responseContentType() {
            return responseContentType;
        }

        /** The mode of a request's content type (parameters such as charset ignored); null when it is not gRPC-web. */
        public static Mode of(String contentType) {
            if (contentType == null) {
                return null;
            }
            String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            return switch (type) {
                case "application/grpc-web", "application/grpc-web+proto" -> BINARY;
                case "application/grpc-web-text", "application/grpc-web-text+proto" -> TEXT;
                default -> null;
            };
        }
    }

    /** A request body that is not one well-formed message frame. */
    public static final class MalformedRequest extends RuntimeException {
        MalformedRequest(String message) {
            super(message);
        }
    }

    private GrpcWeb() {
    }

    /** The message of a unary request: the body's one message frame (a trailers frame after it is ignored). */
    public static byte[] requestMessage(Mode mode, byte[] body) {
        byte[] frames = mode == Mode.TEXT ? decodeBase64(body) : body;
        ByteBuffer buffer = ByteBuffer.wrap(frames);
        byte[] message = null;
        while (buffer.hasRemaining()) {
            if (buffer.remaining() < 5) {
                throw new MalformedRequest("a gRPC-web frame needs a 5-byte header, " + buffer.remaining()
                        + " bytes left");
            }
            byte flag = buffer.get();
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new MalformedRequest("a gRPC-web frame says " + Integer.toUnsignedString(length) + " bytes, "
                        + buffer.remaining() + " follow");
            }
            byte[] payload = new byte[length];
            buffer.get(payload);
            if ((flag & TRAILERS) != 0) {
                continue;
            }
            if ((flag & 0x01) != 0) {
                throw new MalformedRequest("compressed gRPC-web messages are not supported (no grpc-encoding)");
            }
            if (message != null) {
                throw new MalformedRequest("a unary call takes one message, the body has more");
            }
            message = payload;
        }
        if (message == null) {
            throw new MalformedRequest("the body has no message frame");
        }
        return message;
    }

    /** The response body: the message frame (null: none, for an error) and the trailers, encoded for the mode. */
    public static byte[] responseBody(Mode mode, byte[] message, int grpcStatus, String grpcMessage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (message != null) {
            frame(out, MESSAGE, message);
        }
        String trailers = "grpc-status:" + grpcStatus + "\r\n"
                + (grpcMessage == null || grpcMessage.isEmpty() ? "" : "grpc-message:" + percentEncode(grpcMessage) + "\r\n");
        frame(out, TRAILERS, trailers.getBytes(StandardCharsets.US_ASCII));
        byte[] frames = out.toByteArray();
        return mode == Mode.TEXT ? Base64.getEncoder().encode(frames) : frames;
    }

    private static void frame(ByteArrayOutputStream out, byte flag, byte[] payload) {
        out.write(flag);
        out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
        out.writeBytes(payload);
    }

    /**
     * grpc-web-text bodies may be several base64 strings one after the other, each padded (a client that sends its
     * frames in chunks): decoded four characters at a time, so padding in the middle is read as a chunk's end.
     */
    static byte[] decodeBase64(byte[] text) {
        ByteArrayOutputStream clean = new ByteArrayOutputStream(text.length);
        for (byte b : text) {
            if (!Character.isWhitespace(b)) {
                clean.write(b);
            }
        }
        byte[] chars = clean.toByteArray();
        if (chars.length % 4 != 0) {
            throw new MalformedRequest("a grpc-web-text body is base64 in groups of four characters, this one has "
                    + chars.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(chars.length / 4 * 3);
        Base64.Decoder decoder = Base64.getDecoder();
        try {
            for (int i = 0; i < chars.length; i += 4) {
                out.writeBytes(decoder.decode(Arrays.copyOfRange(chars, i, i + 4)));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest("a grpc-web-text body that is not base64: " + e.getMessage());
        }
        return out.toByteArray();
    }

    /** grpc-message is percent-encoded (spaces too); printable ASCII other than '%' stays as it is. */
    static String percentEncode(String message) {
        StringBuilder out = new StringBuilder();
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
