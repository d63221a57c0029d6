namespace Leuka.Separation;

/// <summary>How the white-cell layer reaches the bag.</summary>
public enum CollectionMode
{
    /// <summary>A collect pump draws the layer straight to the bag.</summary>
    Continuous,

    /// <summary>A chamber accumulates white cells and is flushed to the bag periodically.</summary>
    Chamber,
}
