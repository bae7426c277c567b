namespace Manager.Cli;

/// <summary>No usable answer from the manager: no connection, no answer in time, or a 5xx (its message says which).</summary>
internal sealed class ManagerUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
