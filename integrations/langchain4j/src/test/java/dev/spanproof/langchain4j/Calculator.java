package dev.spanproof.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The tools of the test agents; remembers what it was called with. */
public class Calculator {

  /** What the tools were called with, in call order. */
  final List<String> calls = new CopyOnWriteArrayList<>();

  /**
   * Adds two numbers.
   *
   * @param a the first number
   * @param b the second number
   * @return the sum
   */
  @Tool("Adds two numbers")
  public int add(int a, int b) {
    calls.add("add(" + a + "," + b + ")");
    return a + b;
  }

  /**
   * Multiplies two numbers.
   *
   * @param a the first number
   * @param b the second number
   * @return the product
   */
  @Tool("Multiplies two numbers")
  public int multiply(@P("the first factor") int a, @P("the second factor") int b) {
    calls.add("multiply(" + a + "," + b + ")");
    return a * b;
  }

  /**
   * Divides; fails on a zero divisor.
   *
   * @param a the dividend
   * @param b the divisor
   * @return the quotient
   */
  @Tool("Divides a by b")
  public int divide(int a, int b) {
    calls.add("divide(" + a + "," + b + ")");
    if (b == 0) {
      throw new ArithmeticException("division by zero");
    }
    return a / b;
  }
}
