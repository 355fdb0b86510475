using System;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;

namespace Netmap.Filters;

/// <summary>
/// The filters of one worker, compiled once into a single method that calls each filter's <c>Invoke</c> on its
/// concrete type (a direct call for structs and sealed classes, no interface dispatch) and returns at the first
/// verdict. Built at start; the hot path is one call per packet.
/// </summary>
public sealed class FilterChain : IDisposable
{
    private delegate FilterResult Invoker(object[] filters, ref PacketContext context);

    private readonly object[] _filters;
    private readonly Invoker _invoke;

    /// <summary>Compiles a chain over <paramref name="filters"/>, in order.</summary>
    /// <param name="filters">The worker's own filter instances (structs are boxed once, here, and updated in place).</param>
    public FilterChain(params IPacketFilter[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        int missing = Array.IndexOf(filters, null);
        if (missing >= 0)
        {
            throw new ArgumentException($"filter {missing} of the chain is null: every Use<T>() factory must return a filter.", nameof(filters));
        }

        _filters = filters.Cast<object>().ToArray();
        Types = filters.Select(f => f.GetType()).ToArray();
        _invoke = Compile(Types);
    }

    /// <summary>The concrete filter types, in order.</summary>
    public Type[] Types { get; }

    /// <summary>The filter instances, in order.</summary>
    public IPacketFilter this[int index] => (IPacketFilter)_filters[index];

    /// <summary>Number of filters.</summary>
    public int Count => _filters.Length;

    /// <summary>Runs the chain on one packet.</summary>
    public FilterResult Invoke(ref PacketContext context) => _invoke(_filters, ref context);

    /// <summary>Tells every filter a batch starts (per batch, so an interface call here costs nothing per packet).</summary>
    public void OnBatch(int slotsAvailable)
    {
        foreach (object filter in _filters)
        {
            ((IPacketFilter)filter).OnBatch(slotsAvailable);
        }
    }

    /// <summary>Disposes the filters that are disposable (e.g. option-change subscriptions of the built-ins).</summary>
    public void Dispose()
    {
        foreach (object filter in _filters)
        {
            (filter as IDisposable)?.Dispose();
        }
    }

    private static Invoker Compile(Type[] types)
    {
        var method = new DynamicMethod("netmap_filter_chain", typeof(FilterResult),
            [typeof(object[]), typeof(PacketContext).MakeByRefType()], typeof(FilterChain).Module, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        LocalBuilder result = il.DeclareLocal(typeof(FilterResult));
        MethodInfo isNext = typeof(FilterResult).GetProperty(nameof(FilterResult.IsNext))!.GetMethod!;
        for (int i = 0; i < types.Length; i++)
        {
            Type type = types[i];
            MethodInfo target = Implementation(type);
            Label next = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            if (type.IsValueType)
            {
                // The box is this worker's own instance: call on it in place so the struct's state persists.
                il.Emit(OpCodes.Unbox, type);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Call, target);
            }
            else
            {
                // No castclass: the array holds exactly the instances Types came from, so the check could never
                // fail and would cost a type test per filter per packet (a DynamicMethod's IL is not verified).
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(type.IsSealed || !target.IsVirtual || target.IsFinal ? OpCodes.Call : OpCodes.Callvirt, target);
            }

            il.Emit(OpCodes.Stloc, result);
            il.Emit(OpCodes.Ldloca, result);
            il.Emit(OpCodes.Call, isNext);
            il.Emit(OpCodes.Brtrue, next);
            il.Emit(OpCodes.Ldloc, result);
            il.Emit(OpCodes.Ret);
            il.MarkLabel(next);
        }

        il.Emit(OpCodes.Call, typeof(FilterResult).GetProperty(nameof(FilterResult.Next))!.GetMethod!);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Invoker>();
    }

    private static MethodInfo Implementation(Type type)
    {
        InterfaceMapping map = type.GetInterfaceMap(typeof(IPacketFilter));
        int index = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(IPacketFilter.Invoke));
        return map.TargetMethods[index];
    }
}
