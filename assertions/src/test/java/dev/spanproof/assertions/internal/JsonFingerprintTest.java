package dev.spanproof.assertions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonFingerprint} may only say "different" for texts that are not equivalent JSON; checked
 * against the parsed trees ({@link Json#equivalent(com.fasterxml.jackson.databind.JsonNode,
 * com.fasterxml.jackson.databind.JsonNode)}) over many generated pairs, equivalent and not.
 */
class JsonFingerprintTest {

  @Test
  void equivalent_texts_are_never_said_to_differ() {
    assertThat(JsonFingerprint.differ("{\"a\":1,\"b\":[1,2]}", "{ \"b\" : [1, 2], \"a\" : 1 }")).isFalse();
    assertThat(JsonFingerprint.differ("{\"a\":-0}", "{\"a\":0}")).isFalse();
    assertThat(JsonFingerprint.differ("\"x\"", "\"x\"")).isFalse();
  }

  @Test
  void different_values_are_said_to_differ_without_parsing() {
    assertThat(JsonFingerprint.differ("{\"i\":5}", "{\"i\":901}")).isTrue();
    assertThat(JsonFingerprint.differ("{\"q\":\"a\"}", "{\"q\":\"b\"}")).isTrue();
    assertThat(JsonFingerprint.differ("{\"a\":1}", "{\"b\":1}")).isTrue();
    assertThat(JsonFingerprint.differ("[1,[2]]", "[[1],2]")).isTrue();
    assertThat(JsonFingerprint.differ("5", "\"5\"")).isTrue();
    assertThat(JsonFingerprint.differ("true", "null")).isTrue();
  }

  @Test
  void texts_it_does_not_fully_understand_have_no_fingerprint() {
    // each is left to Jackson: decimals by value, escapes, repeated keys (the last wins), trailing text
    for (String text : List.of("2.0", "1e3", "\"a\\\"b\"", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":1,}",
        "[1,]", "01", "-", "{\"a\"}", "{", "[1", "\"open", "tru", "1234567890123456789", "", "  ",
        "{\"a\":\"tab\there\"}")) {
      assertThat(JsonFingerprint.of(text)).as(text).isEqualTo(JsonFingerprint.NONE);
    }
    assertThat(JsonFingerprint.differ("2", "2.0")).isFalse();
    assertThat(Json.equivalent("2", "2.0")).isTrue();
    assertThat(Json.equivalent("{\"a\":1,\"a\":2}", "{\"a\":2}")).isTrue();
  }

  @Test
  void agrees_with_the_parsed_trees_over_generated_pairs() {
    Random random = new Random(20261202);
    int differing = 0;
    for (int n = 0; n < 20_000; n++) {
      Object value = value(random, 0);
      String a = render(value, random);
      String b = random.nextInt(3) == 0 ? render(value, random) : render(mutate(value, random), random);
      boolean equivalent = Json.equivalent(Json.parseOrNull(a), Json.parseOrNull(b));
      if (JsonFingerprint.differ(a, b)) {
        differing++;
        assertThat(equivalent).as("said to differ: %s and %s", a, b).isFalse();
      }
      assertThat(Json.equivalent(a, b)).as("%s and %s", a, b).isEqualTo(equivalent);
    }
    assertThat(differing).as("pairs decided without parsing").isGreaterThan(5_000);
  }

  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 5 : 7);
    switch (kind) {
      case 0: return (long) (random.nextInt(7) - 3);
      case 1: return random.nextInt(4) == 0 ? "2.50" : "\"" + "abc".substring(0, random.nextInt(4)) + "\"";
      case 2: return random.nextBoolean() ? "true" : "null";
      case 3: return "\"k" + random.nextInt(3) + "\"";
      case 4: return (long) random.nextInt(3);
      case 5: {
        List<Object> array = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(value(random, depth + 1));
        }
        return array;
      }
      default: {
        List<Object[]> members = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("a", "b", "c", "d"));
        Collections.shuffle(names, random);
        for (int i = random.nextInt(4); i > 0; i--) {
          members.add(new Object[] {names.get(i - 1), value(random, depth + 1)});
        }
        return members.toArray(new Object[0][]);
      }
    }
  }

  /** A small change somewhere (or none, when the value has nothing to change). */
  private static Object mutate(Object value, Random random) {
    if (value instanceof Long number) {
      return number + 1 - 2L * random.nextInt(2);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list);
      if (copy.isEmpty() || random.nextInt(4) == 0) {
        copy.add(1L);
      } else if (copy.size() > 1 && random.nextBoolean()) {
        Collections.swap(copy, 0, copy.size() - 1);
      } else {
        int i = random.nextInt(copy.size());
        copy.set(i, mutate(copy.get(i), random));
      }
      return copy;
    }
    if (value instanceof Object[][] members) {
      Object[][] copy = members.clone();
      if (copy.length == 0) {
        return new Object[][] {{"z", 1L}};
      }
      int i = random.nextInt(copy.length);
      copy[i] = random.nextBoolean() ? new Object[] {copy[i][0] + "x", copy[i][1]}
          : new Object[] {copy[i][0], mutate(copy[i][1], random)};
      return copy;
    }
    return value.equals("true") ? "false" : "\"changed\"";
  }

  /** Writes the value with random spacing and, for objects, members in a random order. */
  private static String render(Object value, Random random) {
    String space = random.nextInt(4) == 0 ? " " : "";
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      list.forEach(item -> items.add(render(item, random)));
      return "[" + space + String.join("," + space, items) + "]";
    }
    if (value instanceof Object[][] members) {
      List<String> items = new ArrayList<>();
      for (Object[] member : members) {
        items.add("\"" + member[0] + "\"" + space + ":" + render(member[1], random));
      }
      Collections.shuffle(items, random);
      return "{" + String.join("," + space, items) + space + "}";
    }
    if (value instanceof Long number && number == 0 && random.nextInt(5) == 0) {
      return random.nextBoolean() ? "-0" : "0.0";
    }
    return value.toString();
  }
}
