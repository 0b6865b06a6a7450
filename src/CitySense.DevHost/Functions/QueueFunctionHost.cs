using System.Collections.Concurrent;
using System.Reflection;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CitySense.DevHost.Functions;

/// <summary>
/// Runs the queue-triggered functions the way the Functions host's queue trigger does (host.json
/// <c>extensions.queues</c>): polls each function's queue, backing off from 100 ms to maxPollingInterval while it is
/// empty; takes up to batchSize messages, each invisible for the function timeout while it runs; deletes a message
/// whose function returned; makes a failed one visible again after visibilityTimeout; and moves a message to
/// <c>&lt;queue&gt;-poison</c> when its function failed on the maxDequeueCount-th attempt (or it was already taken more
/// often). The function class is created through DI per message, the message text and the CancellationToken bound.
/// A function disabled by the app setting <c>AzureWebJobs.&lt;name&gt;.Disabled</c> (true or 1) is not run, as in Azure.
/// </summary>
public sealed partial class QueueFunctionHost(
    IReadOnlyList<QueueFunction> functions,
    QueueTriggerOptions options,
    IConfiguration configuration,
    IServiceScopeFactory scopes,
    ILogger<QueueFunctionHost> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Where(function => !IsDisabled(function)).Select(function => PollAsync(function, stoppingToken)));

    private bool IsDisabled(QueueFunction function) => FunctionSettings.IsDisabled(configuration, function.Name);

    private async Task PollAsync(QueueFunction function, CancellationToken stoppingToken)
    {
        var clientOptions = new QueueClientOptions
        {
            MessageEncoding = options.MessageEncoding == "none" ? QueueMessageEncoding.None : QueueMessageEncoding.Base64,
        };
        var connection = configuration[function.Connection]
            ?? throw new InvalidOperationException($"Function {function.Name}: the connection setting {function.Connection} is not set.");
        var queue = new QueueClient(connection, function.Queue, clientOptions);
        var poison = new QueueClient(connection, function.Queue + "-poison", clientOptions);
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(options.BatchSize, options.FunctionTimeout, stoppingToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                messages = []; // Not created yet: the host waits for it too.
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException && !stoppingToken.IsCancellationRequested)
            {
                LogUnreachable(ex, function.Queue);
                messages = [];
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (messages.Length == 0)
            {
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }

            delay = MinPollingInterval;
            await Task.WhenAll(messages.Select(message => ProcessAsync(function, queue, poison, message, stoppingToken)));
        }
    }

    /// <summary>Runs one message; a failure to settle it (delete, release, poison) leaves it to reappear, as under the host.</summary>
    private async Task ProcessAsync(QueueFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(function, queue, poison, message, stoppingToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException && !stoppingToken.IsCancellationRequested)
        {
            LogUnreachable(ex, function.Queue);
        }
    }

    private async Task RunAsync(QueueFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(function, queue, poison, message, stoppingToken);
            return;
        }

        try
        {
            await InvokeAsync(function, message.Body.ToString(), stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(ex, function.Name, message.MessageId, message.DequeueCount);
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(function, queue, poison, message, stoppingToken);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: stoppingToken);
            }

            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    private async Task MoveToPoisonAsync(QueueFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        LogPoisoned(function.Name, message.MessageId, poison.Name);
    }

    private async Task InvokeAsync(QueueFunction function, string text, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var method = function.Method;
        var instance = method.IsStatic
            ? null
            : Factories.GetOrAdd(method.DeclaringType!, type => ActivatorUtilities.CreateFactory(type, []))(scope.ServiceProvider, []);
        var arguments = method.GetParameters().Select(parameter =>
            parameter.ParameterType == typeof(string) ? text
            : parameter.ParameterType == typeof(CancellationToken) ? (object)cancellationToken
            : throw new NotSupportedException($"The DevHost cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.")).ToArray();
        object? returned;
        try
        {
            returned = method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }

        if (returned is Task task)
        {
            await task;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName} failed on message {MessageId} (attempt {DequeueCount})")]
    private partial void LogFailed(Exception exception, string functionName, string messageId, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} could not be read or a message settled; trying again")]
    private partial void LogUnreachable(Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function {FunctionName}: message {MessageId} moved to {PoisonQueue}")]
    private partial void LogPoisoned(string functionName, string messageId, string poisonQueue);
}
