// PLACEHOLDER (owned by the privacy-tips work): replaced by the real service.
export class TipService {
  start(): void {}
  async stop(): Promise<void> {}
}
