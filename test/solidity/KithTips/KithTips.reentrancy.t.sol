// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Vm} from "forge-std/Vm.sol";

import {IKithSignatures} from "../../../contracts/interfaces/IKithSignatures.sol";
import {IKithTips} from "../../../contracts/interfaces/IKithTips.sol";
import {FalseReturningToken} from "../mocks/tips/FalseReturningToken.sol";
import {FeeOnTransferToken} from "../mocks/tips/FeeOnTransferToken.sol";
import {HostileReceiver} from "../mocks/tips/HostileReceiver.sol";
import {NoReturnToken} from "../mocks/tips/NoReturnToken.sol";
import {ReentrantToken} from "../mocks/tips/ReentrantToken.sol";
import {ReentrantWalletFactory} from "../mocks/tips/ReentrantWalletFactory.sol";
import {KithTipsTestSuite} from "./KithTipsTestSuite.sol";
import {TypedData} from "../TypedData.sol";

/// @notice Hostile recipients and tokens. Every fund-moving entry point is `nonReentrant`
///         (OpenZeppelin's transient guard), so a callback into any of them reverts with
///         `ReentrancyGuardReentrantCall()`. What the outer call does then depends on the callback's
///         owner: if it lets the revert propagate, `Address.sendValue` / `SafeERC20` bubble it and
///         the outer call reverts with the same error, undoing everything; if it swallows it, the
///         outer call completes and pays exactly once.
contract KithTipsReentrancyTest is KithTipsTestSuite {
    HostileReceiver internal receiver;
    uint256 internal receiverId;
    uint256 internal receiverPostId;

    uint256 internal constant RECEIVER_ETH = 3 ether;
    uint256 internal constant RECEIVER_TOKENS = 5e18;

    function setUp() public override {
        super.setUp();
        receiver = new HostileReceiver(tips);
        receiverId = _register(address(receiver), "hostile");
        receiverPostId = _post(receiverId, CONTENT_HASH);
        _tip(alice, receiverPostId, 0, RECEIVER_ETH);
        _tipToken(alice, address(token), receiverPostId, 0, RECEIVER_TOKENS);
        receiver.watch(receiverId, ETH);
    }

    /// @dev The revert data of OpenZeppelin's `ReentrancyGuardReentrantCall()`.
    function _reentrantCall() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
    }

    /*//////////////////////////////////////////////////////////////
                          ETH RECIPIENT CALLBACKS
    //////////////////////////////////////////////////////////////*/

    /// @dev Read-only view from inside the recipient: the balance is already 0 and the ETH has left.
    function test_Withdraw_ZeroesBalanceBeforeRecipientRuns() public {
        receiver.setMode(HostileReceiver.Mode.Accept);

        _withdraw(address(receiver), receiverId, ETH, address(receiver));

        assertEq(receiver.receiveCount(), 1, "paid once");
        assertEq(receiver.receivedTotal(), RECEIVER_ETH, "whole balance");
        assertEq(receiver.observedTipsBalance(), 0, "balance zeroed before the recipient ran");
        assertEq(receiver.observedContractEth(), 0, "ETH already sent when the recipient ran");
    }

    function test_Withdraw_RevertWhen_RecipientReentersWithdrawAndBubbles() public {
        receiver.setMode(HostileReceiver.Mode.ReenterAndBubble);
        receiver.setReentry(address(tips), abi.encodeCall(tips.withdraw, (receiverId, ETH, address(receiver))), 0);

        vm.expectRevert(_reentrantCall());
        _withdraw(address(receiver), receiverId, ETH, address(receiver));

        assertEq(tips.balanceOf(receiverId, ETH), RECEIVER_ETH, "balance restored");
        assertEq(address(tips).balance, RECEIVER_ETH, "ETH stays");
        assertEq(address(receiver).balance, 0, "nothing received");
        assertEq(receiver.receiveCount(), 0, "receipt rolled back");
    }

    function test_Withdraw_RecipientReentersWithdrawAndCatches_PaidOnce() public {
        receiver.setMode(HostileReceiver.Mode.ReenterAndCatch);
        receiver.setReentry(address(tips), abi.encodeCall(tips.withdraw, (receiverId, ETH, address(receiver))), 0);

        vm.recordLogs();
        _withdraw(address(receiver), receiverId, ETH, address(receiver));
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(receiver.reentryAttempts(), 1, "re-entered");
        assertFalse(receiver.reentrySucceeded(), "inner withdraw failed");
        assertEq(receiver.reentryRevertData(), _reentrantCall(), "stopped by the guard, not by NothingToWithdraw");
        assertEq(receiver.receiveCount(), 1, "one payment");
        assertEq(address(receiver).balance, RECEIVER_ETH, "exactly the balance");
        assertEq(tips.balanceOf(receiverId, ETH), 0, "zeroed");
        assertEq(address(tips).balance, 0, "no ETH left, none missing");
        assertEq(logs.length, 1, "one log");
        assertEq(logs[0].topics[0], IKithTips.Withdrawn.selector, "one Withdrawn");
    }

    /// @dev The guard is contract-wide: even a withdrawal of another, untouched balance is refused
    ///      from inside the callback. The balance survives and can be withdrawn afterwards.
    function test_Withdraw_RecipientReentersWithdrawOfOtherToken_Refused() public {
        receiver.setMode(HostileReceiver.Mode.ReenterAndCatch);
        receiver.setReentry(
            address(tips), abi.encodeCall(tips.withdraw, (receiverId, address(token), address(receiver))), 0
        );

        _withdraw(address(receiver), receiverId, ETH, address(receiver));

        assertEq(receiver.reentryRevertData(), _reentrantCall(), "refused by the guard");
        assertEq(tips.balanceOf(receiverId, address(token)), RECEIVER_TOKENS, "token balance intact");
        assertEq(token.balanceOf(address(receiver)), 0, "no tokens moved");

        _withdraw(address(receiver), receiverId, address(token), address(receiver));
        assertEq(token.balanceOf(address(receiver)), RECEIVER_TOKENS, "withdrawable afterwards");
    }

    function test_Withdraw_RevertWhen_RecipientReentersTipAndBubbles() public {
        receiver.setMode(HostileReceiver.Mode.ReenterAndBubble);
        receiver.setReentry(address(tips), abi.encodeCall(tips.tip, (bobPostId, 0)), 1 ether);

        vm.expectRevert(_reentrantCall());
        _withdraw(address(receiver), receiverId, ETH, address(receiver));

        assertEq(tips.balanceOf(receiverId, ETH), RECEIVER_ETH, "balance restored");
        assertEq(tips.balanceOf(bobId, ETH), 0, "no tip to bob");
    }

    function test_Withdraw_RecipientReentersTipAndCatches_TipRefused() public {
        receiver.setMode(HostileReceiver.Mode.ReenterAndCatch);
        receiver.setReentry(address(tips), abi.encodeCall(tips.tip, (bobPostId, 0)), 1 ether);

        _withdraw(address(receiver), receiverId, ETH, address(receiver));

        assertEq(receiver.reentryRevertData(), _reentrantCall(), "refused by the guard");
        assertEq(tips.balanceOf(bobId, ETH), 0, "no tip to bob");
        assertEq(address(receiver).balance, RECEIVER_ETH, "kept the ETH it tried to tip");
        assertEq(address(tips).balance, 0, "nothing credited, nothing held");
    }

    function test_Withdraw_RecipientReentersTipTokenAndCatches_TipRefused() public {
        _fund(address(receiver), address(token), 1e18);
        receiver.setMode(HostileReceiver.Mode.ReenterAndCatch);
        receiver.setReentry(address(tips), abi.encodeCall(tips.tipToken, (bobPostId, 0, address(token), 1e18)), 0);

        _withdraw(address(receiver), receiverId, ETH, address(receiver));

        assertEq(receiver.reentryRevertData(), _reentrantCall(), "refused by the guard");
        assertEq(tips.balanceOf(bobId, address(token)), 0, "no tip to bob");
        assertEq(token.balanceOf(address(receiver)), 1e18, "tokens not pulled");
    }

    function test_Withdraw_RevertWhen_RecipientRejectsEth() public {
        receiver.setMode(HostileReceiver.Mode.Reject);

        vm.expectRevert(abi.encodeWithSelector(Errors.FailedCall.selector));
        _withdraw(address(receiver), receiverId, ETH, address(receiver));
        assertEq(tips.balanceOf(receiverId, ETH), RECEIVER_ETH, "balance restored");

        // The custody picks another recipient.
        address vault = makeAddr("vault");
        _withdraw(address(receiver), receiverId, ETH, vault);
        assertEq(vault.balance, RECEIVER_ETH);
    }

    /*//////////////////////////////////////////////////////////////
                           TOKEN CALLBACKS
    //////////////////////////////////////////////////////////////*/

    function test_TipToken_RevertWhen_TokenReentersTipTokenAndBubbles() public {
        ReentrantToken hostile = new ReentrantToken();
        _fund(alice, address(hostile), 10e18);
        hostile.mint(address(hostile), 10e18);
        hostile.arm(
            hostile.transferFrom.selector,
            address(tips),
            abi.encodeCall(tips.tipToken, (bobPostId, 0, address(hostile), 1e18)),
            true
        );

        vm.expectRevert(_reentrantCall());
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(hostile), 10e18);

        assertEq(tips.balanceOf(bobId, address(hostile)), 0, "nothing credited");
        assertEq(hostile.balanceOf(alice), 10e18, "nothing taken");
    }

    function test_TipToken_TokenReentersTipTokenAndCatches_CreditedOnce() public {
        ReentrantToken hostile = new ReentrantToken();
        _fund(alice, address(hostile), 10e18);
        hostile.mint(address(hostile), 10e18);
        vm.prank(address(hostile));
        hostile.approve(address(tips), 10e18);
        hostile.arm(
            hostile.transferFrom.selector,
            address(tips),
            abi.encodeCall(tips.tipToken, (bobPostId, 0, address(hostile), 1e18)),
            false
        );

        vm.recordLogs();
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(hostile), 10e18);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        assertEq(hostile.reentryAttempts(), 1, "re-entered");
        assertEq(hostile.reentryRevertData(), _reentrantCall(), "refused by the guard");
        assertEq(tips.balanceOf(bobId, address(hostile)), 10e18, "credited once, with alice's amount");
        assertEq(hostile.balanceOf(address(tips)), 10e18, "solvent");
        assertEq(hostile.balanceOf(address(hostile)), 10e18, "the token's own tip never happened");
        uint256 tipped;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(tips) && logs[i].topics[0] == IKithTips.Tipped.selector) ++tipped;
        }
        assertEq(tipped, 1, "one Tipped");
    }

    /// @dev The token is itself a profile's custody and tries to pull that profile's ETH out while
    ///      the tips contract is mid-tip.
    function test_TipToken_TokenReentersWithdrawAndCatches_Refused() public {
        ReentrantToken hostile = new ReentrantToken();
        uint256 hostileId = _register(address(hostile), "token_custody");
        uint256 hostilePostId = _post(hostileId, CONTENT_HASH);
        _tip(alice, hostilePostId, 0, 1 ether);
        _fund(alice, address(hostile), 10e18);
        hostile.arm(
            hostile.transferFrom.selector,
            address(tips),
            abi.encodeCall(tips.withdraw, (hostileId, ETH, mallory)),
            false
        );

        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(hostile), 10e18);

        assertEq(hostile.reentryRevertData(), _reentrantCall(), "refused by the guard");
        assertEq(tips.balanceOf(hostileId, ETH), 1 ether, "ETH balance intact");
        assertEq(mallory.balance, STARTING_FUNDS, "nothing sent");
        assertEq(tips.balanceOf(bobId, address(hostile)), 10e18, "alice's tip went through");
    }

    function test_Withdraw_RevertWhen_TokenTransferReentersWithdrawAndBubbles() public {
        ReentrantToken hostile = new ReentrantToken();
        _fund(alice, address(hostile), 10e18);
        _tipToken(alice, address(hostile), bobPostId, 0, 10e18);
        hostile.arm(
            hostile.transfer.selector,
            address(tips),
            abi.encodeCall(tips.withdraw, (bobId, address(hostile), bob)),
            true
        );

        vm.expectRevert(_reentrantCall());
        _withdraw(bob, bobId, address(hostile), bob);

        assertEq(tips.balanceOf(bobId, address(hostile)), 10e18, "balance restored");
        assertEq(hostile.balanceOf(address(tips)), 10e18, "tokens stay");
    }

    /*//////////////////////////////////////////////////////////////
                      ERC-6492 FACTORY CALLBACK
    //////////////////////////////////////////////////////////////*/

    /// @dev `tipTokenFor` with an ERC-6492 signature calls an arbitrary factory before it pulls the
    ///      tokens. A factory that is also a profile's custody tries to withdraw from inside that
    ///      call: the guard refuses it; the deployer swallows the failure, so the tip itself goes on.
    function test_TipTokenFor_Erc6492FactoryReentersWithdraw_Refused() public {
        ReentrantWalletFactory factory = new ReentrantWalletFactory();
        uint256 factoryId = _register(address(factory), "factory");
        _tip(alice, _post(factoryId, CONTENT_HASH), 0, 1 ether);
        factory.setReentry(address(tips), abi.encodeCall(tips.withdraw, (factoryId, ETH, mallory)));

        (address owner, uint256 ownerPk) = makeAddrAndKey("walletOwner");
        bytes32 salt = keccak256("tipper wallet");
        address wallet = factory.predict(owner, salt);
        _fund(wallet, address(token), 4e18);

        uint256 deadline = START_TIME + 1 hours;
        bytes32 structHash = _tipTokenStructHash(bobPostId, 0, address(token), 4e18, 0, deadline);
        IKithSignatures.SignedAuth memory ownerAuth =
            TypedData.sign(ownerPk, _tipsDomainSeparator(), structHash, 0, deadline);
        bytes memory wrapped = bytes.concat(
            abi.encode(address(factory), abi.encodeCall(factory.deploy, (owner, salt)), ownerAuth.signature),
            bytes32(0x6492649264926492649264926492649264926492649264926492649264926492)
        );
        IKithSignatures.SignedAuth memory auth = IKithSignatures.SignedAuth(wallet, 0, deadline, wrapped);

        _expectTipped(bobPostId, 0, wallet, address(token), 4e18);
        _tipTokenFor(bobPostId, 0, address(token), 4e18, auth);

        assertGt(wallet.code.length, 0, "wallet deployed");
        assertEq(factory.reentryAttempts(), 1, "factory re-entered");
        assertEq(factory.reentryRevertData(), _reentrantCall(), "refused by the guard");
        assertEq(tips.balanceOf(factoryId, ETH), 1 ether, "factory's profile balance intact");
        assertEq(mallory.balance, STARTING_FUNDS, "nothing sent");
        assertEq(token.balanceOf(wallet), 0, "the wallet paid");
    }

    /*//////////////////////////////////////////////////////////////
                           ODD TOKENS
    //////////////////////////////////////////////////////////////*/

    function test_TipToken_FeeOnTransfer_CreditsWhatArrived() public {
        FeeOnTransferToken feeToken = new FeeOnTransferToken();
        _fund(alice, address(feeToken), 1_000e18);

        _expectTipped(bobPostId, 0, alice, address(feeToken), 900e18);
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(feeToken), 1_000e18);

        assertEq(tips.balanceOf(bobId, address(feeToken)), 900e18, "credited 90%");
        assertEq(feeToken.balanceOf(address(tips)), 900e18, "what arrived");
        assertEq(feeToken.balanceOf(alice), 0, "alice paid 100%");

        vm.expectEmit(address(tips));
        emit IKithTips.Withdrawn(bobId, address(feeToken), bob, 900e18);
        _withdraw(bob, bobId, address(feeToken), bob);

        assertEq(feeToken.balanceOf(bob), 810e18, "the fee is taken again on the way out");
        assertEq(feeToken.balanceOf(address(tips)), 0, "nothing left, nothing owed");
        assertEq(tips.balanceOf(bobId, address(feeToken)), 0, "zeroed");
    }

    function test_TipToken_RevertWhen_NothingArrives() public {
        FeeOnTransferToken feeToken = new FeeOnTransferToken();
        feeToken.setFeeBps(feeToken.BPS());
        _fund(alice, address(feeToken), 1e18);

        vm.expectRevert(abi.encodeWithSelector(IKithTips.ZeroAmount.selector));
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(feeToken), 1e18);
    }

    function test_TipToken_RevertWhen_TokenReturnsFalse() public {
        FalseReturningToken falseToken = new FalseReturningToken();
        _fund(alice, address(falseToken), 1e18);
        falseToken.setFailing(true);

        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(falseToken)));
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(falseToken), 1e18);

        assertEq(tips.balanceOf(bobId, address(falseToken)), 0, "nothing credited");
    }

    function test_Withdraw_RevertWhen_TokenReturnsFalse() public {
        FalseReturningToken falseToken = new FalseReturningToken();
        _fund(alice, address(falseToken), 1e18);
        _tipToken(alice, address(falseToken), bobPostId, 0, 1e18);
        falseToken.setFailing(true);

        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(falseToken)));
        _withdraw(bob, bobId, address(falseToken), bob);
        assertEq(tips.balanceOf(bobId, address(falseToken)), 1e18, "balance restored");

        falseToken.setFailing(false);
        _withdraw(bob, bobId, address(falseToken), bob);
        assertEq(falseToken.balanceOf(bob), 1e18, "withdrawable once the token works");
    }

    function test_TipTokenAndWithdraw_TokenReturningNothing() public {
        NoReturnToken bareToken = new NoReturnToken();
        bareToken.mint(alice, 2e18);
        vm.prank(alice);
        bareToken.approve(address(tips), 2e18);

        _expectTipped(bobPostId, 0, alice, address(bareToken), 2e18);
        vm.prank(alice);
        tips.tipToken(bobPostId, 0, address(bareToken), 2e18);
        _withdraw(bob, bobId, address(bareToken), bob);

        assertEq(bareToken.balanceOf(bob), 2e18, "withdrawn");
        assertEq(bareToken.balanceOf(address(tips)), 0, "none left");
    }
}
