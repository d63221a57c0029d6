using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Leuka.Web;

/// <summary>The data-protection key ring held in memory for the life of the server, never on disk.</summary>
internal sealed class MemoryKeyRing : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
