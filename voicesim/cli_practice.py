"""Commands that use the microphone and speaker (registered on voicesim.cli.cli)."""
