using System.Collections.Concurrent;
using Manager.Actors.Tokens;
using Microsoft.AspNetCore.Authentication;

namespace Manager.Http.Auth;

/// <summary>
/// The authentication result of each valid token secret seen, so a request with a known token costs one dictionary
/// lookup instead of a SHA-256, a table lookup and a new principal and ticket. An entry is trusted only while the token table it was checked
/// against is still this node's current one (<see cref="KnownTokens.Version"/>): any issue or revocation re-checks it,
/// so a revoked token is refused from the next request on. Only valid secrets are kept (there are as many as tokens).
/// </summary>
public sealed class AuthenticatedPrincipals
{
    private sealed record Entry(long Version, AuthenticateResult Result);

    private readonly KnownTokens _tokens;
    private readonly ConcurrentDictionary<string, Entry> _bySecret = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public AuthenticatedPrincipals(KnownTokens tokens)
    {
        _tokens = tokens;
        _bySpan = _bySecret.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The successful result for this secret, or null when it is not an active token.</summary>
    public AuthenticateResult? Find(ReadOnlySpan<char> secret)
    {
        // The version first: KnownTokens publishes a table before its version, so this table is at least that new.
        var version = _tokens.Version;
        if (_bySpan.TryGetValue(secret, out var cached) && cached.Version == version) return cached.Result;

        var text = secret.ToString();
        if (_tokens.Find(TokenSecrets.Hash(text)) is not { } token)
        {
            _bySecret.TryRemove(text, out _);
            return null;
        }
        var result = AuthenticateResult.Success(new AuthenticationTicket(ManagerClaims.Of(token, BearerTokenHandler.Scheme), BearerTokenHandler.Scheme));
        _bySecret[text] = new Entry(version, result);
        return result;
    }
}
