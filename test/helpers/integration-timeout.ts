// Integration tests wait on real services (a validator batch, a quarantine, a notification);
// Jest ignores testTimeout inside a project entry, so the integration project sets it here.
jest.setTimeout(120_000);
