/**
 * The sandbox's fake of TextPower's web services (textpower-service.md §7.3): an endpoint
 * on 127.0.0.1 at `/TPIServices/BasicInterfaceJSONV4.asmx` that speaks SOAP 1.1 and SOAP 1.2
 * at the same address, as an ASP.NET `.asmx` does (two ports in the WSDL; the request's
 * Content-Type picks the version), served by node-soap's own server from a WSDL this project
 * writes (`?WSDL`), so the client is tested against real HTTP and real SOAP. What is TextPower's: the path, the namespace, the SOAPAction form, the
 * `MessageValidationInfo { UID, PWD, Campaign, Keyword }` header and the operation names
 * `GetAccountData` and `ManageOptin`. What is SIMULATED (TextPower has not published it):
 * ManageOptin's parameters (`CellNumber`, `Command`), both operations' answers (JSON in the
 * result string), the faults, and every setting below. The opt state is the SFTP processor's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as soap from 'soap';
import type { SandboxProcessor } from './sandbox-processor';

export const TEXTPOWER_NAMESPACE = 'http://www.textpower.com/services/';
export const SERVICE_PATH = '/TPIServices/BasicInterfaceJSONV4.asmx';
/** The sandbox's campaign (a sub-account); every account has at least one. */
export const SANDBOX_CAMPAIGN = 'SANDBOX';
export const SANDBOX_API_USER = 'sandbox-api';

export interface SandboxSoapOptions {
  processor: SandboxProcessor;
  port?: number;
  /** The API password (random per start unless given). */
  password?: string;
  /** Extra delay on every answer. */
  latencyMs?: number;
  /** Answer every Nth request with HTTP 503 (0: never). */
  failEvery?: number;
  /** Leave every Nth request unanswered (0: never), as a hung server would. */
  hangEvery?: number;
  /** More requests than this in any one second are refused (503, "rate exceeded"); 0: no ceiling. */
  maxPerSecond?: number;
  /** Serve a WSDL without ManageOptin (as an account without that SOAP level would see). */
  withoutManageOptin?: boolean;
}

export interface SandboxSoapService {
  url: string;
  user: string;
  password: string;
  campaign: string;
  /** Requests answered, by operation (for tests). */
  calls: { operation: string; at: number }[];
  /** When each SOAP request arrived, answered or refused (for tests of a client's rate limit). */
  received: number[];
  close(): Promise<void>;
}

/** The WSDL's ports (and bindings), by the namespace prefix of their SOAP version, named as ASP.NET names them. */
const PORTS: Record<string, string> = { soap: 'BasicInterfaceJSONV4Soap', soap12: 'BasicInterfaceJSONV4Soap12' };

function wsdl(url: string, withManageOptin: boolean): string {
  const op = (name: string, input: string) => ({ name, input });
  const operations = [
    op('GetAccountData', ''),
    ...(withManageOptin
      ? [op('ManageOptin', '<s:element minOccurs="0" maxOccurs="1" name="CellNumber" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="Command" type="s:string"/>')]
      : []),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="${TEXTPOWER_NAMESPACE}" targetNamespace="${TEXTPOWER_NAMESPACE}">
  <wsdl:documentation>SIMULATED by the TextPower Upload Assistant sandbox: operation names and the MessageValidationInfo header are TextPower's; ManageOptin's parameters and every answer are this project's guess.</wsdl:documentation>
  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="${TEXTPOWER_NAMESPACE}">
      <s:element name="MessageValidationInfo" type="tns:MessageValidationInfo"/>
      <s:complexType name="MessageValidationInfo"><s:sequence><s:element minOccurs="0" maxOccurs="1" name="UID" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="PWD" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="Campaign" type="s:string"/><s:element minOccurs="0" maxOccurs="1" name="Keyword" type="s:string"/></s:sequence></s:complexType>
${operations
  .map(
    (o) =>
      `      <s:element name="${o.name}"><s:complexType>${o.input ? `<s:sequence>${o.input}</s:sequence>` : ''}</s:complexType></s:element>
      <s:element name="${o.name}Response"><s:complexType><s:sequence><s:element minOccurs="0" maxOccurs="1" name="${o.name}Result" type="s:string"/></s:sequence></s:complexType></s:element>`,
  )
  .join('\n')}
    </s:schema>
  </wsdl:types>
${operations
  .map(
    (o) => `  <wsdl:message name="${o.name}SoapIn"><wsdl:part name="parameters" element="tns:${o.name}"/></wsdl:message>
  <wsdl:message name="${o.name}SoapOut"><wsdl:part name="parameters" element="tns:${o.name}Response"/></wsdl:message>
  <wsdl:message name="${o.name}MessageValidationInfo"><wsdl:part name="MessageValidationInfo" element="tns:MessageValidationInfo"/></wsdl:message>`,
  )
  .join('\n')}
  <wsdl:portType name="BasicInterfaceJSONV4Soap">
${operations.map((o) => `    <wsdl:operation name="${o.name}"><wsdl:input message="tns:${o.name}SoapIn"/><wsdl:output message="tns:${o.name}SoapOut"/></wsdl:operation>`).join('\n')}
  </wsdl:portType>
${['soap', 'soap12']
  .map(
    (ns) => `  <wsdl:binding name="${PORTS[ns]}" type="tns:BasicInterfaceJSONV4Soap">
    <${ns}:binding transport="http://schemas.xmlsoap.org/soap/http"/>
${operations
  .map(
    (o) =>
      `    <wsdl:operation name="${o.name}"><${ns}:operation soapAction="${TEXTPOWER_NAMESPACE}${o.name}" style="document"/><wsdl:input><${ns}:body use="literal"/><${ns}:header message="tns:${o.name}MessageValidationInfo" part="MessageValidationInfo" use="literal"/></wsdl:input><wsdl:output><${ns}:body use="literal"/></wsdl:output></wsdl:operation>`,
  )
  .join('\n')}
  </wsdl:binding>`,
  )
  .join('\n')}
  <wsdl:service name="BasicInterfaceJSONV4">
    <wsdl:port name="${PORTS.soap}" binding="tns:${PORTS.soap}"><soap:address location="${url}"/></wsdl:port>
    <wsdl:port name="${PORTS.soap12}" binding="tns:${PORTS.soap12}"><soap12:address location="${url}"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>`;
}

type Headers = { MessageValidationInfo?: { UID?: string; PWD?: string; Campaign?: string; Keyword?: string } } | undefined;

/** A SOAP fault in the version's own form: 1.1 `faultcode`/`faultstring`, 1.2 `Code`/`Reason` (Client → Sender). */
function faultOf(soap12: boolean) {
  return (code: 'Client' | 'Server', text: string, statusCode = 500) =>
    soap12
      ? { Fault: { Code: { Value: `soap:${code === 'Client' ? 'Sender' : 'Receiver'}` }, Reason: { Text: text }, statusCode } }
      : { Fault: { faultcode: `soap:${code}`, faultstring: text, statusCode } };
}

export async function startSandboxSoap(options: SandboxSoapOptions): Promise<SandboxSoapService> {
  const password = options.password ?? randomBytes(12).toString('base64url');
  const calls: SandboxSoapService['calls'] = [];
  const received: number[] = [];
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}${SERVICE_PATH}`;

  /** The operations, their faults in one SOAP version's form. */
  const operationsFor = (soap12: boolean) => {
    const fault = faultOf(soap12);
    /** The header's login, checked as TextPower documents it: UID and PWD, then a keyword of the campaign. */
    const authorize = async (headers: Headers, operation: string): Promise<string> => {
      const info = headers?.MessageValidationInfo;
      if (!info || info.UID !== SANDBOX_API_USER || info.PWD !== password) throw fault('Client', 'Invalid UID or PWD in MessageValidationInfo (simulated fault).');
      if (info.Campaign !== SANDBOX_CAMPAIGN) throw fault('Client', `Campaign "${info.Campaign ?? ''}" is not a campaign of this account (simulated fault).`);
      const keyword = info.Keyword ?? '';
      if (keyword !== '' && !(await options.processor.keywords()).includes(keyword)) throw fault('Client', `Keyword "${keyword}" is not in campaign ${SANDBOX_CAMPAIGN} (simulated fault).`);
      calls.push({ operation, at: Date.now() });
      return keyword;
    };

    return {
      GetAccountData: async (_args: unknown, _callback: unknown, headers: Headers) => {
        const keyword = await authorize(headers, 'GetAccountData');
        return {
          GetAccountDataResult: JSON.stringify({
            simulated: true,
            account: 'TextPower sandbox',
            campaign: SANDBOX_CAMPAIGN,
            keyword: keyword || null,
            optInType: 'Single',
            messagesRemaining: 10_000,
          }),
        };
      },
      ...(options.withoutManageOptin
        ? {}
        : {
            ManageOptin: async (args: { CellNumber?: string; Command?: string }, _callback: unknown, headers: Headers) => {
              const keyword = await authorize(headers, 'ManageOptin');
              if ((args.Command ?? 'Query').toLowerCase() !== 'query') throw fault('Client', `Command "${args.Command}" is not simulated: the sandbox answers Query only.`);
              const status = await options.processor.statusOf(keyword, args.CellNumber ?? '');
              return { ManageOptinResult: JSON.stringify({ simulated: true, cellNumber: args.CellNumber ?? '', keyword, ...status }) };
            },
          }),
    };
  };
  // One node-soap server per SOAP version (its envelope is a server-wide choice), both from the
  // same WSDL, neither listening itself: the loopback server below hands each request to one.
  const soapServer = async (soap12: boolean) => {
    const host = createServer();
    const operations = operationsFor(soap12);
    const services = { BasicInterfaceJSONV4: { [PORTS.soap as string]: operations, [PORTS.soap12 as string]: operations } };
    // node-soap installs its request handler once it has read the WSDL (then calls back).
    await new Promise<void>((resolve) =>
      soap.listen(host, { path: SERVICE_PATH, services, xml: wsdl(url, !options.withoutManageOptin), forceSoap12Headers: soap12, callback: () => resolve() } as soap.IServerOptions),
    );
    const handlers = host.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    return (req: IncomingMessage, res: ServerResponse): void => handlers.forEach((handler) => handler.call(host, req, res));
  };
  const soap11 = await soapServer(false);
  const soap12 = await soapServer(true);
  // SOAP 1.2 comes as application/soap+xml; 1.1 (and the WSDL) as anything else.
  const soapHandler = (req: IncomingMessage, res: ServerResponse): void => ((req.headers['content-type'] ?? '').startsWith('application/soap+xml') ? soap12 : soap11)(req, res);
  let requests = 0;
  const recent: number[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const serve = (): void => soapHandler(req, res);
    if (req.method !== 'POST') return serve(); // the WSDL
    requests++;
    const now = Date.now();
    received.push(now);
    while (recent.length > 0 && (recent[0] as number) <= now - 1000) recent.shift();
    recent.push(now);
    if (options.maxPerSecond && recent.length > options.maxPerSecond) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('rate exceeded (simulated)');
      return;
    }
    if (options.failEvery && requests % options.failEvery === 0) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('service unavailable (simulated)');
      return;
    }
    if (options.hangEvery && requests % options.hangEvery === 0) return; // never answered
    if (options.latencyMs) setTimeout(serve, options.latencyMs).unref();
    else serve();
  });
  return {
    url,
    user: SANDBOX_API_USER,
    password,
    campaign: SANDBOX_CAMPAIGN,
    calls,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
