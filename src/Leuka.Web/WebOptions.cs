using System.Net;

namespace Leuka.Web;

/// <summary>How <c>leuka serve</c> listens and what it allows. Every limit is stated in README.md.</summary>
/// <param name="Host">Address to listen on: loopback unless the user asks (and then a token is required).</param>
/// <param name="Port">TCP port (0: any free port, for tests).</param>
/// <param name="Token">Bearer token every API request must carry; required to listen beyond loopback.</param>
public sealed record WebOptions(IPAddress Host, int Port, string? Token = null)
{
    /// <summary>The default port.</summary>
    public const int DefaultPort = 5080;

    /// <summary>The largest request body read, bytes: a scenario file is at most 4 MB (the reader's own limit).</summary>
    public const long MaxBodyBytes = 4L * 1024 * 1024;

    /// <summary>Simulations and plans computed at once (default: one per core); more wait in a queue of <see cref="QueuedRuns"/>, then are refused (503).</summary>
    public int ConcurrentRuns { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Requests that may wait for a free run slot.</summary>
    public int QueuedRuns { get; init; } = 64;

    /// <summary>The record store the records pages and <c>/api/records</c> use (null: none; they say how to give one).</summary>
    public Leuka.Records.StoreLocation? Records { get; init; }

    /// <summary>Loopback on the default port.</summary>
    public static WebOptions Default { get; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Why these options may not start a server (null: they may).</summary>
    public string? Problem()
    {
        if (Port is < 0 or > 65535)
        {
            return $"--port: {Port} is not a TCP port; give 1 to 65535 (default {DefaultPort})";
        }

        if (!IPAddress.IsLoopback(Host) && string.IsNullOrEmpty(Token))
        {
            return $"--host: {Host} is reachable from other machines, and Leuka serves patient data without a login; give --token (or LEUKA_TOKEN) with a secret of at least 16 characters that every client must send as \"Authorization: Bearer <token>\", or keep the default 127.0.0.1";
        }

        if (Token is { Length: < 16 })
        {
            return $"--token: {Token.Length} characters is too short to be a secret; give at least 16";
        }

        return null;
    }
}
