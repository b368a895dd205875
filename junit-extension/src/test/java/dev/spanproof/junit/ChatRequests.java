package dev.spanproof.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A bare OpenAI-style chat request, for tests about routing rather than protocol fidelity. */
final class ChatRequests {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ChatRequests() {}

  static HttpResponse<String> ask(String openAiBaseUrl, String question) {
    String body = "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(openAiBaseUrl + "/chat/completions"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer test-key")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
