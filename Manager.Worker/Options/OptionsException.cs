namespace Manager.Worker;

/// <summary>The worker's options cannot be read: the message says which one and why.</summary>
internal sealed class OptionsException(string message) : Exception(message);
