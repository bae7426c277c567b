namespace Manager.Worker;

/// <summary>
/// The manager does not let this worker work (credential refused or revoked, token without the
/// right, host name held by another credential). The worker stops; <see cref="Exception.Message"/>
/// is the one line that tells the operator what to do.
/// </summary>
public sealed class AccessDeniedException(string message, Exception? inner = null) : Exception(message, inner);
