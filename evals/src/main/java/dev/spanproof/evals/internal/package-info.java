/** Implementation details of spanproof evals. Not for public use: anything here may change in any release. */
package dev.spanproof.evals.internal;
