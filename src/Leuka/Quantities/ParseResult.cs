namespace Leuka.Quantities;

/// <summary>The outcome of parsing text: a value, or an error saying what is wrong and what would be valid.</summary>
/// <typeparam name="T">The parsed type.</typeparam>
public readonly struct ParseResult<T>
{
    private readonly T _value;

    private ParseResult(T value, string? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Whether parsing succeeded.</summary>
    public bool Success => Error is null;

    /// <summary>The error, <c>"&lt;what is wrong&gt;; &lt;what would be valid&gt;"</c>, or null on success.</summary>
    public string? Error { get; }

    /// <summary>The parsed value; throws <see cref="FormatException"/> when parsing failed.</summary>
    public T Value => Success ? _value : throw new FormatException(Error);

    /// <summary>A successful result.</summary>
    public static ParseResult<T> Ok(T value) => new(value, null);

    /// <summary>A failed result with its message.</summary>
    public static ParseResult<T> Fail(string error) => new(default!, error);

    /// <summary>Gets the value when parsing succeeded.</summary>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return Success;
    }
}
