using System.Security.Cryptography;
using System.Text;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Deterministic hex keys (statement and client keys) derived from an id, so reruns give the same data.</summary>
internal static class Keys
{
    public static string Hex(long id, string purpose, int length)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}:{id}"));
        return Convert.ToHexStringLower(hash)[..length];
    }
}
