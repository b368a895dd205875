package dev.spanproof.assertions;

import dev.spanproof.assertions.internal.AssertSupport;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.assertj.core.api.AbstractAssert;

/**
 * How an assertion hands over to the one it navigates to ({@code toolCalls()}, {@code agent(name)},
 * {@code tokens().total()}, ...). The description and representation always carry over. Under
 * {@link AgentSoftAssertions} the next assertion is soft as well; a navigation that fails there (no
 * such agent, no such span) is collected like any soft failure, and the rest of its chain runs on an
 * assertion whose failures nobody reports: one missing agent is one error, not one per assertion after it.
 *
 * <p>An assert that navigates keeps its collector in a field named {@value #SOFTLY}, null when hard; the
 * fields of spanproof's asserts are not final, so that their soft proxies can take them over.
 */
final class Navigation {

  /** The name of the field, in each navigable assert, that holds its soft collector. */
  static final String SOFTLY = "softly";

  /** Per assert class: the type its single-argument constructor takes, and its own fields to copy. */
  private static final ClassValue<Layout> LAYOUTS = new ClassValue<>() {
    @Override
    protected Layout computeValue(Class<?> type) {
      return Layout.of(type);
    }
  };

  private Navigation() {}

  /**
   * The assertion {@code from} navigates to.
   *
   * @param from the assertion navigated from (a soft proxy under soft assertions)
   * @param softly {@code from}'s soft collector, null when it is a hard assertion
   * @param type the class of the next assertion
   * @param next makes the next assertion, failing as a hard assertion would when the navigation fails
   */
  static <A extends AbstractAssert<?, ?>> A next(AbstractAssert<?, ?> from, AgentSoftAssertions softly,
      Class<A> type, Supplier<? extends A> next) {
    return navigate(softly, type, () -> AssertSupport.carryOver(from, next.get()));
  }

  /**
   * {@link #next} for a navigation that gives the next assertion its description itself, as AssertJ's own
   * element navigation does ({@code first()}: "check first element").
   */
  static <A extends AbstractAssert<?, ?>> A navigate(AgentSoftAssertions softly, Class<A> type,
      Supplier<? extends A> next) {
    if (softly == null) {
      return next.get();
    }
    if (softly.isQuiet()) {
      return softly.quietAssert(type);
    }
    A hard;
    try {
      hard = next.get();
    } catch (AssertionError navigationFailed) {
      softly.collectNavigationFailure(AssertSupport.fromTest(navigationFailed));
      return softly.quietAssert(type);
    }
    return soften(softly, type, hard);
  }

  /**
   * A soft proxy of {@code type} made by {@code softly} that carries {@code hard}'s state: its actual value,
   * its assertion info (description, representation, overriding message) and the fields its class declares.
   * Without {@code hard}, the proxy is the rest of a failed chain and asserts on {@link QuietChain}'s values.
   */
  static <A extends AbstractAssert<?, ?>> A soften(AgentSoftAssertions softly, Class<A> type, A hard) {
    Layout layout = LAYOUTS.get(type);
    A soft = softProxy(softly, type, layout.actualType,
        hard == null ? QuietChain.actual(layout.actualType) : hard.actual());
    try {
      for (Field field : layout.fields) {
        field.set(soft, field.getName().equals(SOFTLY) ? softly
            : hard == null ? QuietChain.field(field.getType()) : field.get(hard));
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("spanproof could not make a soft " + type.getSimpleName(), e);
    }
    if (hard != null) {
      soft.info = hard.info;
    }
    return soft;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <A extends AbstractAssert<?, ?>, T> A softProxy(AgentSoftAssertions softly, Class<A> type,
      Class<T> actualType, Object actual) {
    return (A) softly.proxy((Class) type, actualType, actualType.cast(actual));
  }

  /** What {@link #soften} needs of an assert class, found once per class. */
  private record Layout(Class<?> actualType, List<Field> fields) {

    static Layout of(Class<?> type) {
      Class<?> actualType = null; // of the one public constructor of one argument, which AssertJ calls
      for (Constructor<?> constructor : type.getConstructors()) {
        if (constructor.getParameterCount() == 1) {
          if (actualType != null) {
            throw new IllegalStateException(type.getName() + " has two public constructors of one argument;"
                + " AssertJ's soft proxies need the one of the actual value alone");
          }
          actualType = constructor.getParameterTypes()[0];
        }
      }
      if (actualType == null) {
        throw new IllegalStateException(type.getName() + " has no public constructor of its actual value alone,"
            + " which AssertJ's soft proxies need");
      }
      List<Field> fields = new ArrayList<>();
      if (type.getPackage() == Navigation.class.getPackage()) { // an AssertJ assert has no state of ours
        for (Field field : type.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers())) {
            if (Modifier.isFinal(field.getModifiers())) {
              throw new IllegalStateException(type.getName() + "." + field.getName()
                  + " is final: the fields of a navigable assert must be copyable into its soft proxy");
            }
            field.setAccessible(true);
            fields.add(field);
          }
        }
      }
      return new Layout(actualType, List.copyOf(fields));
    }
  }
}
