/** Routes of the customer orders API v2 for webhooks: subscriptions and their delivery logs. */
import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Get, Path, Post, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { callerOf } from '../../../../gateway/auth/caller';
import { PROBLEM_JSON, type ProblemDetails } from '../../../common/problem';
import type { CustomerWebhookService } from '../webhooks/customer-webhook-service';
import type { CreatedWebhookSubscription, WebhookDeliveryList, WebhookSubscriptionList, WebhookSubscriptionRequest } from './webhook-models';

const UNAUTHENTICATED = 'No access token, or one that is expired, malformed or not ours (see `WWW-Authenticate`)';

@Route('webhooks')
@Tags('Webhooks')
export class CustomerWebhooksV2Controller extends Controller {
  constructor(private readonly webhooks: CustomerWebhookService) {
    super();
  }

  /**
   * Subscribes an https URL to events of the orders you place through this API: order.acknowledged, order.shipped,
   * order.invoiced. Each event is POSTed as `{"type", "timestamp", "data"}` and signed as the Standard Webhooks
   * specification describes (`webhook-id`, `webhook-timestamp`, `webhook-signature`), with the `secret` answered
   * here once. Answer 2xx within 10 s; anything else (a redirect included: none is followed) is retried with
   * exponential backoff, a bounded number of times. `webhook-id` is the same on every attempt: drop repeats by it.
   * @summary Subscribe to events
   * @param body The URL and the events to deliver to it.
   * @example body {"url":"https://hooks.example.com/distributor/orders","eventTypes":["order.acknowledged","order.shipped","order.invoiced"],"description":"ERP integration, production"}
   */
  @Security('oauth2', ['partner.orders.write'])
  @Post()
  @SuccessResponse(201, 'The subscription with its signing secret, shown this once. `Location` is its URL')
  @Response<ProblemDetails>(400, 'The request is malformed, or the URL is not https; `errors` names the fields', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.write', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(415, 'The body is not JSON', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(422, 'You hold the most subscriptions allowed', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  public async createSubscription(@Body() body: WebhookSubscriptionRequest, @Request() request: ExpressRequest): Promise<CreatedWebhookSubscription> {
    const created = await this.webhooks.create(body, callerOf(request));
    this.setStatus(201);
    this.setHeader('Location', `/partner/customers/v2/webhooks/${encodeURIComponent(created.id)}`);
    return created;
  }

  /**
   * Your webhook subscriptions, without their secrets.
   * @summary List subscriptions
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get()
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.read', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  public async listSubscriptions(@Request() request: ExpressRequest): Promise<WebhookSubscriptionList> {
    return this.webhooks.list(callerOf(request));
  }

  /**
   * Deletes a subscription and its delivery log; attempts still due are dropped.
   * @summary Delete a subscription
   * @param subscriptionId The subscription's `id`.
   */
  @Security('oauth2', ['partner.orders.write'])
  @Delete('{subscriptionId}')
  @SuccessResponse(204, 'Deleted')
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.write', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such subscription', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  public async deleteSubscription(@Path() subscriptionId: string, @Request() request: ExpressRequest): Promise<void> {
    await this.webhooks.remove(subscriptionId, callerOf(request));
    this.setStatus(204);
  }

  /**
   * The delivery log of a subscription, newest first: per event its id, type, attempts, the last answer's status,
   * when the next attempt is due, and whether it was delivered or failed for good.
   * @summary List deliveries
   * @param subscriptionId The subscription's `id`.
   */
  @Security('oauth2', ['partner.orders.read'])
  @Get('{subscriptionId}/deliveries')
  @Response<ProblemDetails>(401, UNAUTHENTICATED, undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(403, 'The access token lacks partner.orders.read', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(404, 'No such subscription', undefined, PROBLEM_JSON)
  @Response<ProblemDetails>(503, 'Our systems are unavailable, retry later', undefined, PROBLEM_JSON)
  public async listDeliveries(@Path() subscriptionId: string, @Request() request: ExpressRequest): Promise<WebhookDeliveryList> {
    return this.webhooks.deliveries(subscriptionId, callerOf(request));
  }
}
