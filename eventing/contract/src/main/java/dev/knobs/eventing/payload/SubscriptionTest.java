package dev.knobs.eventing.payload;

/**
 * {@code dev.knobs.subscription-test}: what a subscription's owner sends to it on demand ({@code
 * POST /api/subscriptions/{id}/test}) to check the receiver and its signature check.
 */
public record SubscriptionTest(String subscriptionId, String owner, String message) {}
