namespace Manager.Actors.Serialization;

/// <summary>
/// Marker for everything written to the journal or snapshot store. Bound to <see cref="ManagerSerializer"/>,
/// which writes a stable manifest name and a JSON payload instead of CLR type names.
/// </summary>
public interface IPersisted;
