package dev.spanproof.mockllm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI {@code POST /v1/embeddings}: deterministic unit vectors derived from a hash of each input, so
 * retrieval-augmented agents run offline and equal texts get equal vectors. Not scripted and not journaled.
 * Not for public use.
 */
final class Embeddings {
  private static final int DEFAULT_DIMENSIONS = 1536;
  private static final int MAX_DIMENSIONS = 8192;

  private Embeddings() {}

  static Rendered render(String body, Codec errors) {
    JsonNode req;
    try {
      req = Json.requireObject(Json.parse(body));
      Json.requiredText(req, "model", "");
    } catch (BadRequestException e) {
      return errors.error(ErrorKind.INVALID_REQUEST, 400, "spanproof mock LLM: " + e.getMessage());
    }
    JsonNode input = req.get("input");
    List<String> texts = new ArrayList<>();
    if (input != null && input.isTextual()) {
      texts.add(input.asText());
    } else if (input != null && input.isArray() && !input.isEmpty()) {
      for (JsonNode i : input) {
        texts.add(i.isTextual() ? i.asText() : i.toString());
      }
    } else {
      return errors.error(ErrorKind.INVALID_REQUEST, 400, "spanproof mock LLM: 'input' must be a string or a non-empty array");
    }
    int dimensions = req.path("dimensions").asInt(DEFAULT_DIMENSIONS);
    if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
      return errors.error(ErrorKind.INVALID_REQUEST, 400,
          "spanproof mock LLM: 'dimensions' must be between 1 and " + MAX_DIMENSIONS + ", got " + dimensions);
    }
    boolean base64 = "base64".equals(req.path("encoding_format").asText("float"));
    ObjectNode root = Json.object().put("object", "list");
    ArrayNode data = root.putArray("data");
    int tokens = 0;
    for (int i = 0; i < texts.size(); i++) {
      float[] v = vector(texts.get(i), dimensions);
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          buf.putFloat(f);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(buf.array()));
      } else {
        ArrayNode arr = item.putArray("embedding");
        for (float f : v) {
          arr.add(f);
        }
      }
      tokens += TokenCounter.tokens(EncodingType.CL100K_BASE, texts.get(i));
    }
    root.put("model", req.get("model").asText());
    root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return Rendered.json(200, Json.write(root));
  }

  /** A unit vector from SHA-256 in counter mode over the text: deterministic, spread, never all zero. */
  static float[] vector(String text, int dimensions) {
    float[] v = new float[dimensions];
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] seed = text.getBytes(StandardCharsets.UTF_8);
      int filled = 0;
      for (int block = 0; filled < dimensions; block++) {
        sha.reset();
        sha.update(seed);
        sha.update(ByteBuffer.allocate(4).putInt(block).array());
        byte[] h = sha.digest();
        for (int j = 0; j + 1 < h.length && filled < dimensions; j += 2) {
          v[filled++] = (((h[j] & 0xff) << 8 | (h[j + 1] & 0xff)) / 32767.5f) - 1f;
        }
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
