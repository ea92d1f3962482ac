import { openSecretStore } from './main/accounts/secret-store';
const store = openSecretStore();
console.log(store.kind, store.warning);
await store.set('demo', 's3cret');
console.log('get', await store.get('demo'));
await store.delete('demo');
console.log('after delete', await store.get('demo'));
