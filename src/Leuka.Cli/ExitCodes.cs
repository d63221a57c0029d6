namespace Leuka.Cli;

/// <summary>Exit codes of docs/reference/scenario.md §3.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
    public const int TargetUnreachable = 3;
}
