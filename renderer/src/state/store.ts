/** A tiny external store around the reducer, read with React's useSyncExternalStore. */
import { useSyncExternalStore } from 'react';
import { initialState, reducer, type Action, type AppState } from './app-state';

export interface Store {
  getState(): AppState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(state: AppState = initialState): Store {
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch: (action) => {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useAppState(store: Store): AppState {
  return useSyncExternalStore(store.subscribe, store.getState);
}
