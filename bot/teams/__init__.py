"""Microsoft Teams: the Bot Framework protocol, the Agents SDK's activity model and token validator."""
