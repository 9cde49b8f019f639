/**
 * The Store contract: every behaviour the rest of Truceline relies on, run
 * against any implementation (SQLite always; PostgreSQL when it exists), in
 * the manner of hono's router `common.case.test.ts`. An implementation's test
 * file calls `describeStoreContract` with a way to open it over fresh storage.
 *
 * Only behaviour visible through the Store interface is asserted here; how an
 * implementation gets there (chunks, watermarks) is its own test file's job.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from './store.js';
import { describeAccountContract } from './store-accounts.contract.js';
import { describeObservationContract } from './store-observations.contract.js';
import { describeRecordContract } from './store-records.contract.js';

export interface StoreUnderTest {
  /** Open the store over this test's storage; called again to reopen it after close. */
  open(): Store | Promise<Store>;
  /** Make whatever index the store builds in the background now. */
  flushIndex?(store: Store): void | Promise<void>;
  /** Drop the store as kill -9 would: no close-time work. Without it, crash tests skip. */
  crash?(store: Store): void | Promise<void>;
  /** False for storage that does not outlive close (in-memory): restart tests skip. */
  persistent: boolean;
  /** Remove the storage. */
  destroy(): void | Promise<void>;
}

/** What each contract test works with; `store` changes when a test reopens. */
export interface StoreContractContext {
  readonly store: Store;
  readonly sut: StoreUnderTest;
  /** Open the store again (after the test closed or crashed it). */
  open(): Promise<void>;
  /** Close and open again over the same storage. */
  reopen(): Promise<void>;
  flushIndex(): Promise<void>;
}

export function describeStoreContract(
  name: string,
  makeStore: () => StoreUnderTest | Promise<StoreUnderTest>,
): void {
  let sut: StoreUnderTest | undefined;
  let store: Store | undefined;
  const context: StoreContractContext = {
    get store() {
      if (store === undefined) throw new Error('no store open: contract tests run inside it()');
      return store;
    },
    get sut() {
      if (sut === undefined) throw new Error('no store under test: contract tests run inside it()');
      return sut;
    },
    async open() {
      store = await context.sut.open();
    },
    async reopen() {
      await context.store.close();
      await context.open();
    },
    async flushIndex() {
      await context.sut.flushIndex?.(context.store);
    },
  };

  describe(`${name} store contract`, () => {
    beforeEach(async () => {
      sut = await makeStore();
      await context.open();
    });
    afterEach(async () => {
      await store?.close();
      await sut?.destroy();
      store = undefined;
      sut = undefined;
    });

    describeObservationContract(context);
    describeRecordContract(context);
    describeAccountContract(context);
  });
}
