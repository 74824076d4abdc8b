"""Outgoing webhooks for operators and partners: subscriptions, events recorded in the outbox, signed delivery."""
