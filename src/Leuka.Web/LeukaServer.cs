using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.OpenApi;

namespace Leuka.Web;

/// <summary>
/// The local web host: the HTTP API on Kestrel, bound where <see cref="WebOptions"/> says, with its
/// limits (body size, concurrent runs) and, beyond loopback, a bearer token.
/// </summary>
public static class LeukaServer
{
    /// <summary>The rate-limiter policy that bounds simulations and plans running at once.</summary>
    internal const string RunsPolicy = "runs";

    /// <summary>Builds the application (not started). Throws <see cref="ArgumentException"/> for options that may not start.</summary>
    public static WebApplication Build(WebOptions options, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LeukaServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(options.Host, options.Port);
            k.Limits.MaxRequestBodySize = WebOptions.MaxBodyBytes;
            k.AddServerHeader = false;
        });
        // The terminal shows Leuka's own lines; the host's start-up chatter only when something is wrong,
        // and then on stderr, so stdout's first line stays "Leuka is serving …" for whoever reads it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (quiet)
        {
            builder.Logging.ClearProviders();
        }

        // Bound to loopback, only loopback names are answered: a web page elsewhere cannot reach the
        // app through a rebound DNS name.
        builder.Services.AddHostFiltering(o => o.AllowedHosts = IPAddress.IsLoopback(options.Host) ? ["localhost", "127.0.0.1", "[::1]"] : ["*"]);
        builder.Services.AddRazorComponents();
        // Ephemeral: nothing the app protects outlives the process. Its key ring is kept in memory too, so a
        // first start does not write an unencrypted key file into the user's home.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlRepository = new MemoryKeyRing());
        // Its "no XML encryptor" warning is about keys stored on disk: these never are.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        var runs = new LiveRuns(() => ApiEndpoints.Cache.Current);
        builder.Services.AddSingleton(runs);
        builder.Services.AddSingleton(new RecordsSite(options.Records));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = "Leuka API", Version = "1", Description = "Leukapheresis simulation and planning. Bodies are scenario files (docs/reference/scenario.md); answers are the CLI's JSON outputs." };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, _, _) =>
            {
                // The endpoints read the body themselves (one reader with stated limits), so say what it is.
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A scenario file as saved: UTF-8 JSON, at most 4 MB (docs/reference/scenario.md).",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() },
                };
                return Task.CompletedTask;
            });
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.AddConcurrencyLimiter(RunsPolicy, o =>
            {
                o.PermitLimit = options.ConcurrentRuns;
                o.QueueLimit = options.QueuedRuns;
                o.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = (context, _) => new ValueTask(Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "busy",
                detail: $"{options.ConcurrentRuns} runs are computing and {options.QueuedRuns} are waiting; try again shortly").ExecuteAsync(context.HttpContext));
        });

        var app = builder.Build();
        app.UseHostFiltering();
        if (options.Token is { } token)
        {
            app.Use(async (context, next) =>
            {
                // A browser signs in once with ?token=…: the token goes into an HttpOnly cookie and
                // the address bar loses it.
                if (context.Request.Query.TryGetValue("token", out var given) && Same(given.ToString(), token))
                {
                    context.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
                    context.Response.Redirect(context.Request.Path);
                    return;
                }

                if (!Authorized(context.Request, token))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "unauthorized", detail: "send the server's token as \"Authorization: Bearer <token>\"").ExecuteAsync(context);
                    return;
                }

                await next(context);
            });
        }

        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapGet("/leuka.css", () => Results.Text(Styles.Css, "text/css", Encoding.UTF8));
        app.MapGet("/leuka-console.js", () => Results.Text(ConsoleScript.Js, "text/javascript", Encoding.UTF8));
        app.MapRazorComponents<App>();
        app.MapOpenApi();
        ApiEndpoints.Map(app);
        RecordEndpoints.Map(app, options.Records);
        FhirEndpoints.Map(app, options.Records);
        app.Lifetime.ApplicationStopping.Register(() => runs.DisposeAsync().AsTask().GetAwaiter().GetResult());
        RunEndpoints.Map(app, runs);
        return app;
    }

    private const string TokenCookie = "leuka-token";

    // The bearer header (API clients) or the sign-in cookie (browsers).
    private static bool Authorized(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return (header.StartsWith(Scheme, StringComparison.Ordinal) && Same(header[Scheme.Length..], token))
            || (request.Cookies.TryGetValue(TokenCookie, out var cookie) && Same(cookie, token));
    }

    // Constant-time comparison: the token's length and content leak nothing through timing.
    private static bool Same(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
