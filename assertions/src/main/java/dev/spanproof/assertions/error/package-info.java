/**
 * The failure messages of spanproof's assertions, one {@code Should*} factory each, in AssertJ's
 * {@link org.assertj.core.error.ErrorMessageFactory} form so that {@code as(...)} descriptions apply.
 */
package dev.spanproof.assertions.error;
