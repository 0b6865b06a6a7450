using System.Text.Json;

namespace CitySense.Functions.Contracts;

/// <summary>A registration field's value before and after a change (absent when it did not exist).</summary>
public sealed record FieldChange(JsonElement? Old, JsonElement? New);
