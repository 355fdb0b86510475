using System;

namespace Netmap.Interop;

/// <summary>
/// Names the C struct, field or constant a managed declaration mirrors, so the layout test can check it against
/// the compiler-printed facts in abi.txt (the Tmds.LibC approach) instead of trusting hand-typed numbers.
/// </summary>
[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
internal sealed class NativeNameAttribute(string name) : Attribute
{
    /// <summary>The C name: a struct tag (<c>netmap_slot</c>), a field (<c>buf_idx</c>) or a macro (<c>NIOCCTRL</c>).</summary>
    public string Name { get; } = name;
}
