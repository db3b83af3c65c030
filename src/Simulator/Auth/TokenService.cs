using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulator.Clock;
using Simulator.Faults;

namespace Simulator.Auth;

public enum TokenState { Valid, Missing, Invalid, Expired }

/// <summary>The outcome of checking a bearer token; <see cref="ExpiredAt"/> is set for an expired one.</summary>
public sealed record TokenCheck(TokenState State, DateTimeOffset? ExpiredAt = null);

/// <summary>
/// Issues and checks access tokens: signed JWTs with 3CX's claims, expiring on the simulated clock after
/// the configured lifetime. Revocation expires every token issued so far. Thread-safe.
/// </summary>
public sealed class TokenService
{
    readonly SimClock _clock;
    readonly FaultSettings _faults;
    readonly string _clientId;
    readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    readonly Lock _lock = new();
    readonly Dictionary<string, (long ExpiresTicks, long Serial)> _issued = [];
    long _serial;
    long _revokedUpTo;

    public TokenService(SimClock clock, FaultSettings faults, string clientId)
    {
        _clock = clock;
        _faults = faults;
        _clientId = clientId;
        faults.RevokeRequested += RevokeAll;
    }

    /// <summary>A new token and its lifetime in seconds (what <c>expires_in</c> says).</summary>
    public (string Token, int ExpiresIn) Issue()
    {
        var lifetime = _faults.TokenLifetimeSeconds;
        var now = _clock.Now;
        var expires = now.AddSeconds(lifetime);
        lock (_lock)
        {
            var serial = ++_serial;
            if (_faults.SingleActiveToken) _revokedUpTo = serial - 1;
            var jti = Guid.NewGuid().ToString("N");
            foreach (var old in _issued.Where(t => t.Value.ExpiresTicks < now.UtcTicks || t.Value.Serial <= _revokedUpTo).ToList())
                _issued.Remove(old.Key);
            _issued[jti] = (expires.UtcTicks, serial);
            return (Sign(jti, now, expires), lifetime);
        }
    }

    public void RevokeAll()
    {
        lock (_lock) _revokedUpTo = _serial;
    }

    /// <summary>Checks an <c>Authorization</c> header value.</summary>
    public TokenCheck Check(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return new TokenCheck(TokenState.Missing);
        var jti = Verify(authorization["Bearer ".Length..].Trim());
        if (jti is null) return new TokenCheck(TokenState.Invalid);
        lock (_lock)
        {
            if (!_issued.TryGetValue(jti, out var entry)) return new TokenCheck(TokenState.Invalid);
            var now = _clock.Now;
            if (entry.Serial <= _revokedUpTo) return new TokenCheck(TokenState.Expired, now);
            if (now.UtcTicks >= entry.ExpiresTicks) return new TokenCheck(TokenState.Expired, new DateTimeOffset(entry.ExpiresTicks, TimeSpan.Zero));
            return new TokenCheck(TokenState.Valid);
        }
    }

    string Sign(string jti, DateTimeOffset now, DateTimeOffset expires)
    {
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = _clientId, ["scope"] = "xapi", ["aud"] = "/api", ["iss"] = Model.PbxDirectory.Fqdn,
            ["role"] = new[] { "App", "Reports", "system_owners", "CallFlowApp", "MyPhone" },
            ["jti"] = jti, ["nbf"] = now.ToUnixTimeSeconds(), ["iat"] = now.ToUnixTimeSeconds(), ["exp"] = expires.ToUnixTimeSeconds(),
        }));
        var signature = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>The token's id when its signature is ours, else null.</summary>
    string? Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        var expected = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2]))) return null;
        try
        {
            var json = Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '='));
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("jti").GetString();
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
