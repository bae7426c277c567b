using System.Security.Cryptography;
using System.Text;

namespace Manager.Actors.Tokens;

/// <summary>
/// Token secrets: 256 random bits, and the form they are stored in. A secret of that entropy cannot be guessed or
/// brute-forced from its hash, so a plain SHA-256 (no salt, no key stretching) is a sufficient stored form and
/// costs a microsecond per request.
/// </summary>
public static class TokenSecrets
{
    private const string Prefix = "mgr_";

    public static string NewSecret() => Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
