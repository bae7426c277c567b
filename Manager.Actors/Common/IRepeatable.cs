namespace Manager.Actors.Common;

/// <summary>
/// A message whose repetition is harmless: asked twice, it leaves the same state as asked once, and either answer is a
/// correct one. In a cluster the HTTP layer sends it again when the node hosting the singletons fails while it waits for
/// the answer (the first one may have been lost with that node), instead of letting the client wait for the ask timeout.
/// </summary>
public interface IRepeatable;
