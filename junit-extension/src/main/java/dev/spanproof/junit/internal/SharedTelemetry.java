package dev.spanproof.junit.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The one OpenTelemetry SDK spanproof runs per JVM. Every test uses it, and so can the global: a
 * {@link CaptureRegistry} routes each span to the test it belongs to, so one SDK serves tests that
 * run in parallel, agents that cache a tracer in a static field, and frameworks that only know
 * {@link GlobalOpenTelemetry}.
 *
 * <p>Not for public use.
 */
public final class SharedTelemetry {

  private static final Object LOCK = new Object();
  private static volatile SharedTelemetry instance;

  private final CaptureRegistry registry = new CaptureRegistry();
  private final OpenTelemetrySdk sdk;
  private volatile boolean installedAsGlobal;

  private SharedTelemetry() {
    Resource resource =
        Resource.getDefault().merge(Resource.create(Attributes.of(
            io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "spanproof-test")));
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(registry.spanProcessor())
            .build())
        .setLoggerProvider(SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(registry.logRecordProcessor())
            .build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }

  /** The JVM's shared telemetry, created on first use. */
  public static SharedTelemetry get() {
    SharedTelemetry result = instance;
    if (result == null) {
      synchronized (LOCK) {
        result = instance;
        if (result == null) {
          result = new SharedTelemetry();
          instance = result;
        }
      }
    }
    return result;
  }

  /**
   * Forgets that the global was installed, so that the next {@link #installAsGlobal()} tries again.
   * For spanproof's own tests of what happens when something else claimed the global first.
   */
  public void forgetGlobalInstallation() {
    synchronized (LOCK) {
      installedAsGlobal = false;
    }
  }

  /** The SDK handed to tests. */
  public OpenTelemetrySdk sdk() {
    return sdk;
  }

  /** The router that attributes telemetry to tests. */
  public CaptureRegistry registry() {
    return registry;
  }

  /**
   * Installs the shared SDK as {@link GlobalOpenTelemetry}, once per JVM.
   *
   * @throws IllegalStateException when another OpenTelemetry was made global before, with what to do
   */
  public void installAsGlobal() {
    if (installedAsGlobal) {
      return;
    }
    synchronized (LOCK) {
      if (installedAsGlobal) {
        return;
      }
      try {
        GlobalOpenTelemetry.set(sdk);
      } catch (IllegalStateException alreadySet) {
        throw new IllegalStateException(
            "spanproof could not install its OpenTelemetry as GlobalOpenTelemetry: something set or "
                + "read the global before the first @AgentTest ran (" + alreadySet.getMessage() + "). "
                + "Code that caches GlobalOpenTelemetry before the test cannot be traced. Either let "
                + "spanproof install it first (do not call GlobalOpenTelemetry.get()/set() in static "
                + "initialisers of test classes), or set the configuration parameter "
                + "spanproof.global=false and pass the OpenTelemetry test parameter to the agent.",
            alreadySet);
      }
      installedAsGlobal = true;
    }
  }
}
