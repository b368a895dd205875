/** Implementation details: shape parsing and matching, rendering, JSON, lint. Not for public use. */
package dev.spanproof.assertions.internal;
