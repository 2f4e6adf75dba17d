import { loggableQuery } from './personal-data.interceptor';

describe('the query string the access log keeps', () => {
  const ref = (clientId: string) => `ar-${clientId.length}`;
  it('drops credentials by name and by looks', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(loggableQuery(`/clients/c-1?access_token=${jwt}&limit=5`, ref)).toBe('limit=5');
    expect(loggableQuery('/x?api_key=abc&apiKey=abc&ticket=t&secret=s&password=p&key=k&wijkCode=WK036301', ref)).toBe('wijkCode=WK036301');
    expect(loggableQuery(`/x?q=${jwt}&other=Bearer%20abc&long=${'A'.repeat(40)}&short=${'A'.repeat(39)}`, ref)).toBe(`short=${'A'.repeat(39)}`);
  });
  it('writes client ids as access references, and nothing for an empty query', () => {
    expect(loggableQuery('/audit?clientId=c-123&clientIds=c-1,c-22', ref)).toBe('clientId=ar-5&clientIds=ar-3%2Car-4');
    expect(loggableQuery('/clients/c-1', ref)).toBeNull();
    expect(loggableQuery('/clients/c-1?access_token=eyJa.eyJb.c', ref)).toBeNull();
  });
});
