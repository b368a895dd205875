package dev.spanproof.langchain4j;

import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;

/** The AI services of the tests. */
interface Assistant {

  /** A blocking chat. */
  @SystemMessage("You are a calculator assistant. Use the tools.")
  String chat(String question);

  /** A streaming chat. */
  @SystemMessage("You are a calculator assistant. Use the tools.")
  TokenStream stream(String question);
}
