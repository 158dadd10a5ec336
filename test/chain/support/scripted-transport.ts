/**
 * A gRPC transport that answers each call with the next scripted response for that method and
 * records every request, so `chain/sui` runs against `SuiGrpcClient` exactly as against a full
 * node, without one. An unscripted call fails the test.
 */
import { type MethodInfo, type RpcOptions, type RpcTransport, TestTransport } from '@protobuf-ts/runtime-rpc';

type Response = object | readonly object[] | Error;

export class ScriptedTransport implements RpcTransport {
  readonly calls: Array<{ method: string; input: Record<string, unknown> }> = [];
  private readonly script = new Map<string, Response[]>();

  /** Queues `response` (one message, a list of stream frames, or an error) for `method` (e.g. `ListEvents`). */
  respond(method: string, response: Response): this {
    const queue = this.script.get(method) ?? [];
    queue.push(response);
    this.script.set(method, queue);
    return this;
  }

  pending(): string[] {
    return [...this.script.entries()].flatMap(([method, queue]) => queue.map(() => method));
  }

  private next(method: MethodInfo, input: object): TestTransport {
    this.calls.push({ method: method.name, input: input as Record<string, unknown> });
    const response = this.script.get(method.name)?.shift();
    if (response === undefined) throw new Error(`unscripted gRPC call ${method.service.typeName}.${method.name}`);
    const transport = new TestTransport(response instanceof Error ? { response: response as never } : { response });
    transport.suppressUncaughtRejections = true;
    return transport;
  }

  mergeOptions(options?: Partial<RpcOptions>): RpcOptions {
    return new TestTransport().mergeOptions(options);
  }

  unary<I extends object, O extends object>(method: MethodInfo<I, O>, input: I, options: RpcOptions) {
    return this.next(method, input).unary(method, input, options);
  }

  serverStreaming<I extends object, O extends object>(method: MethodInfo<I, O>, input: I, options: RpcOptions) {
    return this.next(method, input).serverStreaming(method, input, options);
  }

  clientStreaming<I extends object, O extends object>(method: MethodInfo<I, O>, _options: RpcOptions): never {
    throw new Error(`unexpected client-streaming call ${method.name}`);
  }

  duplex<I extends object, O extends object>(method: MethodInfo<I, O>, _options: RpcOptions): never {
    throw new Error(`unexpected duplex call ${method.name}`);
  }
}
