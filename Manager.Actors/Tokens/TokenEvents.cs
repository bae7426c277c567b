using Manager.Actors.Serialization;

namespace Manager.Actors.Tokens;

/// <summary>A fact about credentials, persisted by the <see cref="TokenStore"/>.</summary>
public interface ITokenEvent : IPersisted;

public sealed record TokenIssued(TokenRecord Token) : ITokenEvent;

public sealed record TokenRevoked(long TokenId, string By, DateTimeOffset At) : ITokenEvent;
