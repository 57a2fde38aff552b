/**
 * Preloaded into `npm start` by process.test.ts (`node --import`). On SIGUSR2 it lets a promise
 * reject with an error that carries bot tokens the way library errors do (a message quoting an
 * Authorization header, request URLs in a field), so the test can check what the process's real
 * log path (src/main.ts's unhandled-rejection handler, then the logger) writes of them. The tokens
 * are DISCORD_TOKEN and the space-separated LEAK_TOKENS.
 */
process.on('SIGUSR2', () => {
  const tokens = [process.env.DISCORD_TOKEN ?? '', ...(process.env.LEAK_TOKENS ?? '').split(' ')].filter(
    (token) => token !== '',
  );
  void Promise.reject(
    Object.assign(new Error(`request refused; it carried Authorization: Bot ${tokens.join(', Bot ')}`), {
      urls: tokens.map((token) => `https://discord.com/api/v10/webhooks/${token}/messages`),
    }),
  );
});
